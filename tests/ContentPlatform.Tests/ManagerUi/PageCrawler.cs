using System.Net;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>
/// Walks a site the way a signed-in person can: from a start page, every same-site link (GET only, so nothing changes),
/// and reports what a browser would stumble on — a link that answers with an error, and a form that posts without its
/// own antiforgery token (the browser sends only that form's fields, so a token elsewhere on the page does not help), an
/// answer without the security headers, and inline script the Content-Security-Policy would block.
/// </summary>
public static class PageCrawler
{
    private static readonly string[] NeverFollow = ["/account/logout", "/culture", "/hubs/", "/api/"];

    public static async Task<(IReadOnlyList<string> Visited, IReadOnlyList<string> Problems)> CrawlAsync(
        HttpClient client, IEnumerable<string> start, int maxPages = 250, int maxVariantsPerPath = 3)
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
            var (response, final) = await GetFollowingRedirectsAsync(client, url);
            visited.Add(url);
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

    private static async Task<(HttpResponseMessage Response, string Final)> GetFollowingRedirectsAsync(HttpClient client, string url)
    {
        for (var hops = 0; ; hops++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther) || hops == 5 ||
                response.Headers.Location is not { } location || (location.IsAbsoluteUri && location.Host != "localhost"))
            {
                return (response, response.RequestMessage?.RequestUri?.PathAndQuery ?? url);
            }
            url = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
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
