using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Claims;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Realtime;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace ContentPlatform.Delivery.Reading;

/// <summary>
/// Server-side cache of a patient's rendered module pages (ASP.NET Core output caching), so a reload, "back" or a second
/// look at a page costs a cookie check and a memory lookup instead of four queries and a render (docs/benchmarks.md).
///
/// Safety rules, all enforced here:
/// - only a signed-in patient's GET without a query string is cached, and the key is the URL, the patient, the
///   language and the browser's antiforgery cookie (the cached forms carry tokens made for that cookie); the page
///   handler's own ownership check has run for whatever is stored, and a hit can only be served to the same patient;
/// - only a plain 200 without Set-Cookie is stored, never a page that asked not to be (<see cref="DoNotCache"/>);
/// - anything that changes what a patient's page shows evicts: answers, progress, opened modules, feedback, messages
///   and read receipts (<see cref="EvictEnrollmentAsync"/>, <see cref="EvictPatientAsync"/>), and a new release evicts all.
///   Evictions reach other Delivery instances as an instance signal (<see cref="EvictionSignal"/>), which the cache
///   subscribes to itself; after a Redis outage it evicts everything, as evictions may have been missed;
/// - a page rendered while an eviction for it happened is not stored (a generation check), so a slow render can never
///   put back what a save just made stale.
/// Browsers are still told not to store the page (no-store): it is health data on possibly shared devices.
/// </summary>
public sealed class PatientPageCache
{
    public const string PolicyName = "patient-page";
    public const string AllPagesTag = "patient-pages";
    private const string GenerationKey = "patient-page-cache.generation";
    private const string DoNotCacheKey = "patient-page-cache.skip";
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, long> _generations = new(StringComparer.Ordinal);
    private long _allGeneration;
    private readonly IOutputCacheStore _store;
    private readonly IInstanceSignals _signals;

    /// <summary>The <see cref="IInstanceSignals"/> signal that carries an eviction (a tag) to the other instances.</summary>
    public const string EvictionSignal = "page-cache";

    public PatientPageCache(IOutputCacheStore store, IInstanceSignals signals)
    {
        _store = store;
        _signals = signals;
        // Subscribed when first resolved, which is before anything can be stored: only this cache's policy stores pages.
        signals.Subscribe(EvictionSignal, (tag, ct) => EvictHereAsync(tag ?? AllPagesTag, ct).AsTask());
    }

    public static string EnrollmentTag(Guid enrollmentId) => "enrollment:" + enrollmentId.ToString("N");
    public static string PatientTag(string userId) => "patient:" + userId;

    /// <summary>This response must not be stored (e.g. it carries a one-time submission id).</summary>
    public static void DoNotCache(HttpContext context) => context.Items[DoNotCacheKey] = true;

    public Task EvictEnrollmentAsync(Guid enrollmentId, CancellationToken ct = default) => EvictAsync(EnrollmentTag(enrollmentId), ct);

    public Task EvictPatientAsync(string? userId, CancellationToken ct = default) =>
        userId is null ? Task.CompletedTask : EvictAsync(PatientTag(userId), ct);

    public Task EvictAllAsync(CancellationToken ct = default) => EvictAsync(AllPagesTag, ct);

    private async Task EvictAsync(string tag, CancellationToken ct)
    {
        await EvictHereAsync(tag, ct);
        await EvictElsewhereAsync(tag, ct);
    }

    /// <summary>
    /// Tells the other instances to evict (returns once they have, at most 2 s): for a caller that evicted here with
    /// <see cref="EvictHereAsync"/> and has something more urgent to do first (a message's live event).
    /// </summary>
    public Task EvictElsewhereAsync(string tag, CancellationToken ct = default) => _signals.PublishAsync(EvictionSignal, tag, ct);

    /// <summary>Evicts on this instance only: what an eviction heard from another instance does.</summary>
    public async ValueTask EvictHereAsync(string tag, CancellationToken ct = default)
    {
        if (tag == AllPagesTag)
        {
            Interlocked.Increment(ref _allGeneration);
        }
        else
        {
            _generations.AddOrUpdate(tag, 1, (_, g) => g + 1);
        }
        await _store.EvictByTagAsync(tag, ct);
    }

    private long Generation(IEnumerable<string> tags) =>
        Volatile.Read(ref _allGeneration) + tags.Sum(t => _generations.GetValueOrDefault(t));

    public sealed class Policy(PatientPageCache cache, IOptions<AntiforgeryOptions> antiforgery) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var userId = http.User.FindFirstValue(ClaimTypes.NameIdentifier);
            var antiforgeryCookie = antiforgery.Value.Cookie.Name is { } name ? http.Request.Cookies[name] : null;
            if (!HttpMethods.IsGet(http.Request.Method) || http.Request.QueryString.HasValue || userId is null
                || !http.User.IsInRole(DeliveryRoles.Patient) || antiforgeryCookie is null)
            {
                context.EnableOutputCaching = false;
                return ValueTask.CompletedTask;
            }
            context.EnableOutputCaching = true;
            context.AllowCacheLookup = true;
            context.AllowCacheStorage = true;
            context.AllowLocking = false; // keys are per patient: nothing to coalesce
            context.ResponseExpirationTimeSpan = Lifetime;
            context.CacheVaryByRules.VaryByValues["patient"] = userId;
            context.CacheVaryByRules.VaryByValues["lang"] = CultureInfo.CurrentUICulture.Name;
            context.CacheVaryByRules.VaryByValues["af"] = antiforgeryCookie; // the key stays in this process's memory
            context.Tags.Add(AllPagesTag);
            context.Tags.Add(PatientTag(userId));
            if (http.GetRouteValue("enrollmentId") is string id && Guid.TryParse(id, out var enrollmentId))
            {
                context.Tags.Add(EnrollmentTag(enrollmentId));
            }
            http.Items[GenerationKey] = cache.Generation(context.Tags);
            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var http = context.HttpContext;
            var response = http.Response;
            if (response.StatusCode != StatusCodes.Status200OK || response.Headers.ContainsKey(HeaderNames.SetCookie)
                || http.Items.ContainsKey(DoNotCacheKey)
                || http.Items[GenerationKey] is not long before || before != cache.Generation(context.Tags))
            {
                context.AllowCacheStorage = false;
            }
            return ValueTask.CompletedTask;
        }
    }
}

public static class PatientPageCacheSetup
{
    public static WebApplicationBuilder AddPatientPageCache(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<PatientPageCache>();
        builder.Services.AddOutputCache(o =>
        {
            o.SizeLimit = 64 * 1024 * 1024; // ≈ 5,000 cached pages of ≈ 12 KB; least recently used go first
            // Not on top of the default policy, which (rightly, in general) never caches a signed-in request.
            o.AddPolicy(PatientPageCache.PolicyName, b => b.AddPolicy<PatientPageCache.Policy>(), excludeDefaultPolicy: true);
        });
        return builder;
    }
}
