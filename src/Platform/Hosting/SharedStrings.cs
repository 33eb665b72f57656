using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// A string both apps say the same way is written once, in this library's Resources/SharedResource.{nb,nn}.resx: every
/// localizer an app asks for looks in the app's own resource first and then in the shared one. So an app keeps only
/// what it says differently, and a key present in both resources means the app overrides the shared text on purpose.
/// </summary>
public static class SharedStrings
{
    public static void AddSharedStrings(IServiceCollection services) =>
        services.Replace(ServiceDescriptor.Singleton<IStringLocalizerFactory, FallbackFactory>());

    private sealed class FallbackFactory(IOptions<LocalizationOptions> options, ILoggerFactory loggers) : IStringLocalizerFactory
    {
        private readonly ResourceManagerStringLocalizerFactory _resources = new(options, loggers);

        public IStringLocalizer Create(Type resourceSource)
        {
            var own = _resources.Create(resourceSource);
            return resourceSource == typeof(SharedResource) ? own : new Fallback(own, _resources.Create(typeof(SharedResource)));
        }

        public IStringLocalizer Create(string baseName, string location) => _resources.Create(baseName, location);
    }

    private sealed class Fallback(IStringLocalizer own, IStringLocalizer shared) : IStringLocalizer
    {
        public LocalizedString this[string name] => own[name] is { ResourceNotFound: false } found ? found : shared[name];

        public LocalizedString this[string name, params object[] arguments] =>
            own[name, arguments] is { ResourceNotFound: false } found ? found : shared[name, arguments];

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
        {
            var mine = own.GetAllStrings(includeParentCultures).ToList();
            var names = mine.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            return mine.Concat(shared.GetAllStrings(includeParentCultures).Where(s => !names.Contains(s.Name)));
        }
    }
}
