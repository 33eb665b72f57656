using System.Net;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// The security headers of docs/security.md on the answers the page walk does not see (APIs, errors, files, health), and
/// HSTS and Secure cookies over HTTPS — directly or behind a proxy that ends TLS. Pages: <c>ManagerUiTests.Every_page_…</c>.
/// </summary>
public sealed class SecurityHeaderTests
{
    [Fact]
    public async Task Apis_errors_files_and_health_in_the_cms_carry_the_security_headers()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await AssertHeadersAsync(client, HttpMethod.Get, "/api/v1/does-not-exist", "/api/v1/programs", "/api/v1/manage/programs",
            "/openapi/v1.json", "/health", "/js/passkeys.js", "/no-such-page", "/account/login", "/media/0/x.pdf");
        await AssertHeadersAsync(client, HttpMethod.Post, "/api/account/passkeys/request-options");
    }

    [Fact]
    public async Task Apis_errors_files_and_health_in_delivery_carry_the_security_headers()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await AssertHeadersAsync(client, HttpMethod.Get, "/api/messages/unread", "/api/does-not-exist", "/health", "/js/passkeys.js",
            "/no-such-page", "/account/login", "/courses");
        await AssertHeadersAsync(client, HttpMethod.Post, "/api/webhooks/cms", "/api/account/passkeys/request-options");
    }

    [Fact]
    public async Task Delivery_lets_pictures_and_video_come_from_the_cms_but_script_only_from_itself()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Cms:BaseUrl"] = "https://cms.example.no/", ["Cms:ApiKey"] = new string('k', 40),
            ["Security:MediaOrigins:0"] = "https://media.example.no",
        });
        var response = await app.CreateClient().GetAsync("/courses");
        var csp = SecurityHeaderCheck.Header(response, "Content-Security-Policy")!;
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0]);
        Assert.Contains("https://cms.example.no", directives["img-src"]);
        Assert.Contains("https://cms.example.no", directives["media-src"]);
        Assert.Contains("https://media.example.no", directives["media-src"]);
        Assert.Equal("script-src 'self'", directives["script-src"]);
    }

    [Theory]
    [InlineData("Cms")]
    [InlineData("Delivery")]
    public async Task Over_https_the_answer_carries_hsts_and_every_cookie_is_secure(string which)
    {
        var options = new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://pasient.example.no/") };
        HttpResponseMessage response;
        if (which == "Cms")
        {
            await using var cms = await Apps.CmsAsync(Db.Sqlite);
            response = await cms.CreateClient(options).GetAsync("/account/login");
        }
        else
        {
            await using var delivery = await Apps.DeliveryAsync(Db.Sqlite);
            response = await delivery.CreateClient(options).GetAsync("/account/login");
        }
        Assert.Contains("max-age=", SecurityHeaderCheck.Header(response, "Strict-Transport-Security"));
        var cookies = response.Headers.GetValues("Set-Cookie").ToList();
        Assert.NotEmpty(cookies);
        Assert.All(cookies, c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Over_plain_http_there_is_no_hsts()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://cms.example.no/") });
        var response = await client.GetAsync("/account/login");
        Assert.Null(SecurityHeaderCheck.Header(response, "Strict-Transport-Security"));
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_that_ends_tls_the_answer_carries_hsts_and_secure_cookies()
    {
        // A real server: the proxy is told apart by the connection's address (127.0.0.1 here), as in production.
        await using var app = await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?> { ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
        app.UseRealServer();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        var response = await client.SendAsync(Forwarded("/account/login"));
        Assert.Contains("max-age=", SecurityHeaderCheck.Header(response, "Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.Contains("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Forwarded_headers_from_an_address_that_is_not_a_known_proxy_are_ignored()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?> { ["ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" });
        app.UseRealServer();
        using var client = new HttpClient { BaseAddress = app.ClientOptions.BaseAddress };
        var response = await client.SendAsync(Forwarded("/account/login"));
        Assert.Null(SecurityHeaderCheck.Header(response, "Strict-Transport-Security"));
        Assert.All(response.Headers.GetValues("Set-Cookie"), c => Assert.DoesNotContain("secure", c, StringComparison.OrdinalIgnoreCase));
    }

    private static HttpRequestMessage Forwarded(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "cms.example.no"; // HSTS is never sent for localhost or 127.0.0.1
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        return request;
    }

    private static async Task AssertHeadersAsync(HttpClient client, HttpMethod method, params string[] urls)
    {
        var problems = new List<string>();
        foreach (var url in urls)
        {
            var response = await client.SendAsync(new HttpRequestMessage(method, url));
            problems.AddRange(SecurityHeaderCheck.Problems(response, $"{method} {url} ({(int)response.StatusCode})"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
