using System.Reflection;
using ContentPlatform.Cms;
using ContentPlatform.Delivery;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// One start-up failure path: every options class of an app (a class with a configuration <c>Section</c>) is bound and
/// checked by ValidateOnStart, so a broken setting stops the start with the one line of AppRunner (exit 2) — never a
/// hand-rolled read at registration time. StartupConfigurationTests starts each app with a bad value per class.
/// </summary>
public sealed class OptionsAtStartupTests
{
    [Fact]
    public async Task Every_options_class_of_the_Cms_is_validated_on_start()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        Assert.Empty(OptionsClasses(typeof(CmsApp).Assembly).Except(ValidatedOnStart(app.Services)).Select(t => t.Name));
    }

    [Fact]
    public async Task Every_options_class_of_Delivery_is_validated_on_start()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        Assert.Empty(OptionsClasses(typeof(DeliveryApp).Assembly).Except(ValidatedOnStart(app.Services)).Select(t => t.Name));
    }

    private static IEnumerable<Type> OptionsClasses(Assembly app) =>
        app.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && t.Name.EndsWith("Options", StringComparison.Ordinal) &&
            t.GetField("Section", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });

    /// <summary>
    /// ValidateOnStart registers, per options class, a configuration of the (internal) StartupValidatorOptions that
    /// depends on IOptionsMonitor of that class: the class is read from that generic argument.
    /// </summary>
    private static HashSet<Type> ValidatedOnStart(IServiceProvider services)
    {
        var validatorOptions = typeof(OptionsBuilder<>).Assembly.GetType("Microsoft.Extensions.Options.StartupValidatorOptions", throwOnError: true)!;
        var configures = services.GetServices(typeof(IConfigureOptions<>).MakeGenericType(validatorOptions));
        return configures.SelectMany(c => c!.GetType().GetGenericArguments())
            .Where(a => a.IsGenericType && a.GetGenericTypeDefinition() == typeof(IOptionsMonitor<>))
            .Select(a => a.GetGenericArguments()[0])
            .ToHashSet();
    }
}
