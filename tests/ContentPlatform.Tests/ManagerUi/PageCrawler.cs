using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>
/// Walks a site the way a signed-in person can: from a start page, every same-site link (GET only, so nothing changes),
/// and reports what a browser would stumble on — a link that answers with an error, a redirect that goes round in a
/// loop (or never ends), a form that posts without its own antiforgery token (the browser sends only that form's
/// fields, so a token elsewhere on the page does not help), an answer without the security headers, and inline script
/// the Content-Security-Policy would block.
/// </summary>
public static class PageCrawler
{
    /// <summary>More redirects than any real flow here needs (sign-in → second factor → page is two).</summary>
    public const int MaxRedirects = 8;

    private static readonly string[] NeverFollow = ["/account/logout", "/culture", "/hubs/", "/api/"];

    /// <summary>
    /// Walks from <paramref name="start"/>. The client must not follow redirects itself: the walk follows them one hop at
    /// a time so that it can see, and name, a loop.
    /// </summary>
    public static async Task<(IReadOnlyList<string> Visited, IReadOnlyList<string> Problems)> CrawlAsync(
        HttpClient client, IEnumerable<string> start, int maxPages = 250, int maxVariantsPerPath = 3,
        Func<string, IHtmlDocument, IEnumerable<string>>? checkPage = null)
    {
        var queue = new Queue<string>(start);
        var seen = new HashSet<string>(queue);
        var variants = new Dictionary<string, int>();
        var visited = new List<string>();
        var problems = new List<string>();
        var parser = new HtmlParser();
        while (queue.Count > 0 && visited.Count < maxPages)
        {
            var url = queue.Dequeue();
            var (response, final, redirectProblem) = await GetFollowingRedirectsAsync(client, url);
            visited.Add(url);
            if (redirectProblem is not null)
            {
                problems.Add(redirectProblem);
                continue;
            }
            problems.AddRange(Foundation.SecurityHeaderCheck.Problems(response, url));
            if ((int)response.StatusCode >= 400)
            {
                problems.Add($"{url} answered {(int)response.StatusCode}: {Excerpt(await response.Content.ReadAsStringAsync())}");
                continue;
            }
            if (response.Content.Headers.ContentType?.MediaType != "text/html")
            {
                continue;
            }
            var document = parser.ParseDocument(await response.Content.ReadAsStringAsync());
            problems.AddRange(Foundation.SecurityHeaderCheck.InlineScript(document, final));
            if (checkPage is not null)
            {
                problems.AddRange(checkPage(final, document));
            }
            // A preview's block forms post back to a handler that keeps nothing and says so; it ignores the token.
            var preview = document.QuerySelector(".preview-banner") is not null;
            foreach (var form in document.Forms.Where(f => string.Equals(f.Method, "post", StringComparison.OrdinalIgnoreCase) &&
                                                           !(preview && f.GetAttribute("action") is null)))
            {
                if (form.Elements.OfType<IHtmlInputElement>().All(i => i.Name != "__RequestVerificationToken"))
                {
                    problems.Add($"{final}: a form posting to '{form.GetAttribute("action") ?? "(this page)"}' has no antiforgery token");
                }
            }
            foreach (var link in document.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!))
            {
                if (Normalise(link, final) is not { } next || !seen.Add(next))
                {
                    continue;
                }
                var path = next.Split('?')[0];
                variants[path] = variants.GetValueOrDefault(path) + 1;
                if (variants[path] <= maxVariantsPerPath)
                {
                    queue.Enqueue(next);
                }
            }
        }
        return (visited, problems);
    }

    /// <summary>
    /// Follows same-site redirects one hop at a time. A redirect back to a URL already on the way is a loop, and a chain
    /// longer than <see cref="MaxRedirects"/> is as good as one: either is reported with the whole chain.
    /// </summary>
    private static async Task<(HttpResponseMessage Response, string Final, string? Problem)> GetFollowingRedirectsAsync(HttpClient client, string url)
    {
        var chain = new List<string> { url };
        while (true)
        {
            var response = await client.GetAsync(url);
            var status = (int)response.StatusCode;
            var site = client.BaseAddress ?? new Uri("http://localhost/");
            if (status is < 300 or >= 400 || response.Headers.Location is not { } location ||
                (location.IsAbsoluteUri && location.Authority != site.Authority))
            {
                // A client that follows redirects itself hides every hop (and a loop) from the walk.
                var answered = response.RequestMessage?.RequestUri?.PathAndQuery;
                if (answered is not null && answered != new Uri(site, url).PathAndQuery)
                {
                    throw new InvalidOperationException(
                        $"the crawl client followed a redirect itself ({url} → {answered}); create it with AllowAutoRedirect = false");
                }
                return (response, url, null);
            }
            var next = new Uri(new Uri(site, url), location).PathAndQuery;
            if (chain.Contains(next))
            {
                return (response, url, $"redirect loop: {string.Join(" → ", chain)} → {next}");
            }
            chain.Add(next);
            if (chain.Count > MaxRedirects + 1)
            {
                return (response, url, $"more than {MaxRedirects} redirects: {string.Join(" → ", chain)}");
            }
            url = next;
        }
    }

    private static string Excerpt(string body) => body.Length <= 300 ? body : body[..300];

    /// <summary>A same-site page link without its fragment, or null for anything to leave alone (files, other sites, sign-out).</summary>
    private static string? Normalise(string href, string from)
    {
        if (href.StartsWith('#') || href.StartsWith("//", StringComparison.Ordinal) || href.Contains(':', StringComparison.Ordinal) && !href.StartsWith('/'))
        {
            return null;
        }
        var absolute = new Uri(new Uri("http://localhost" + from), WebUtility.HtmlDecode(href));
        var next = absolute.PathAndQuery;
        if (NeverFollow.Any(p => next.StartsWith(p, StringComparison.Ordinal)) || Path.HasExtension(absolute.AbsolutePath))
        {
            return null;
        }
        return next;
    }
}
