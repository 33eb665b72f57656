using System.Net;
using System.Text;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>The page walk itself, over a made-up site: it must report what it claims to, or the walks prove nothing.</summary>
public sealed class PageCrawlerTests
{
    [Fact]
    public async Task A_redirect_loop_is_a_problem_that_names_the_loop()
    {
        using var client = Site(new()
        {
            ["/"] = Page("<a href=\"/a\">a</a>"),
            ["/a"] = Redirect("/b"),
            ["/b"] = Redirect("/a?again=1"),
            ["/a?again=1"] = Redirect("/b"),
        });

        var (_, problems) = await PageCrawler.CrawlAsync(client, ["/"]);

        Assert.Equal("redirect loop: /a → /b → /a?again=1 → /b", Assert.Single(problems));
    }

    [Fact]
    public async Task A_redirect_chain_that_never_ends_is_a_problem()
    {
        var pages = new Dictionary<string, Func<HttpResponseMessage>> { ["/"] = Page("<a href=\"/r0\">r</a>") };
        for (var i = 0; i < 20; i++)
        {
            pages[$"/r{i}"] = Redirect($"/r{i + 1}");
        }
        using var client = Site(pages);

        var (_, problems) = await PageCrawler.CrawlAsync(client, ["/"]);

        Assert.StartsWith($"more than {PageCrawler.MaxRedirects} redirects: /r0 → /r1", Assert.Single(problems));
    }

    [Fact]
    public async Task Redirects_that_end_on_a_page_are_followed_and_its_links_walked()
    {
        using var client = Site(new()
        {
            ["/"] = Redirect("/login?ReturnUrl=%2F"),
            ["/login?ReturnUrl=%2F"] = Page("<a href=\"/help\">help</a>"),
            ["/help"] = Page("<p>help</p>"),
        });

        var (visited, problems) = await PageCrawler.CrawlAsync(client, ["/"]);

        Assert.Empty(problems);
        Assert.Equal(["/", "/help"], visited);
    }

    /// <summary>A page with the headers every page of ours carries, so these tests are about redirects only.</summary>
    private static Func<HttpResponseMessage> Page(string body) => () =>
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent($"<html><body>{body}</body></html>", Encoding.UTF8, "text/html") };
        response.Headers.Add("Content-Security-Policy", "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
        response.Headers.Add("X-Content-Type-Options", "nosniff");
        response.Headers.Add("Referrer-Policy", "same-origin");
        response.Headers.Add("Permissions-Policy", "camera=()");
        return response;
    };

    private static Func<HttpResponseMessage> Redirect(string to) =>
        () => new HttpResponseMessage(HttpStatusCode.Found) { Headers = { Location = new Uri(to, UriKind.Relative) } };

    private static HttpClient Site(Dictionary<string, Func<HttpResponseMessage>> pages) =>
        new(new FakeSite(pages)) { BaseAddress = new Uri("http://localhost/") };

    private sealed class FakeSite(Dictionary<string, Func<HttpResponseMessage>> pages) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = pages.TryGetValue(request.RequestUri!.PathAndQuery, out var page)
                ? page()
                : new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("not found") };
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
