using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Turns a configuration problem into one clear line on stderr and exit code 2, instead of a stack trace.</summary>
public static class AppRunner
{
    public static async Task<int> RunAsync(Func<Task<int>> main)
    {
        try
        {
            return await main();
        }
        catch (Exception e) when (ConfigurationProblem(e) is { } line)
        {
            await Console.Error.WriteLineAsync(line);
            return 2;
        }
    }

    /// <summary>
    /// The one line for a configuration problem, or null for any other failure: our own start-up checks, options
    /// validators run by ValidateOnStart (their messages name the setting), and a value the binder cannot convert
    /// ("Failed to convert configuration value 'x' at 'Media:JobLeaseSeconds' to type 'System.Int32'").
    /// </summary>
    public static string? ConfigurationProblem(Exception e) => e switch
    {
        StartupConfigurationException s => s.Message,
        OptionsValidationException o => $"Configuration error: {OneLine(string.Join(" ", o.Failures))}",
        AggregateException a when a.InnerExceptions.Count > 0 && a.InnerExceptions.All(i => ConfigurationProblem(i) is not null) =>
            string.Join(" ", a.InnerExceptions.Select(i => ConfigurationProblem(i))),
        InvalidOperationException i when i.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) =>
            $"Configuration error: {OneLine(i.Message)}",
        _ => null,
    };

    private static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
