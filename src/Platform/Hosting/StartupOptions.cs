using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>A broken setting: its full name (Section:Key) and how to fix it.</summary>
public sealed record SettingProblem(string Setting, string Problem);

/// <summary>
/// The one way an options class is bound: from its configuration section, checked by ValidateOnStart, so a broken
/// setting stops the app before it serves (AppRunner prints the one line and exits 2). The check sees the environment,
/// because some settings have a development default that is refused everywhere else.
/// </summary>
public static class StartupOptions
{
    /// <param name="name">For a class bound more than once (one section per sign-in provider): the options name.</param>
    public static OptionsBuilder<T> AddStartupOptions<T>(this IServiceCollection services, string section,
        Func<T, IHostEnvironment, SettingProblem?> check, string? name = null) where T : class
    {
        name ??= Options.DefaultName;
        services.AddSingleton<IValidateOptions<T>>(sp => new Validator<T>(name, sp.GetRequiredService<IHostEnvironment>(), check));
        return services.AddOptions<T>(name).BindConfiguration(section).ValidateOnStart();
    }

    private sealed class Validator<T>(string optionsName, IHostEnvironment environment, Func<T, IHostEnvironment, SettingProblem?> check)
        : IValidateOptions<T> where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options) =>
            (name ?? Options.DefaultName) != optionsName ? ValidateOptionsResult.Skip
            : check(options, environment) is { } problem ? ValidateOptionsResult.Fail($"{problem.Setting}: {problem.Problem}")
            : ValidateOptionsResult.Success;
    }
}
