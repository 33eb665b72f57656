using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentPlatform.Platform;
using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Shared;

/// <summary>
/// The one cross-site guard both apps put on their script and automation APIs (Cms management and media, Delivery
/// messages, answers, staff progress, passkeys). A tiny host with one endpoint per kind of proof; the endpoint binds a
/// JSON body, so a refusal that came after binding would show up as a body error instead of the guard's answer.
/// </summary>
public sealed class CrossSiteGuardTests : IAsyncLifetime
{
    private WebApplication _app = null!;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Services.AddAntiforgery();
        builder.Services.AddLocalization(o => o.ResourcesPath = "Resources");
        _app = builder.Build();
        _app.UseRequestLocalization(o => o.SetDefaultCulture("nb").AddSupportedUICultures("nb").AddSupportedCultures("nb"));
        _app.MapPost("/none", (Body body) => Results.Ok(body)).RequireSameOrigin(CrossSiteProof.None);
        _app.MapPost("/token-without-origin", (Body body) => Results.Ok(body)).RequireSameOrigin(CrossSiteProof.TokenWithoutOrigin);
        _app.MapPost("/token", (Body body) => Results.Ok(body)).RequireSameOrigin(CrossSiteProof.Token<SharedResource>("PasskeyPageExpired"))
            .DisableAntiforgery();
        await _app.StartAsync();
        _client = _app.GetTestClient();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/none")]
    [InlineData("/token-without-origin")]
    [InlineData("/token")]
    public async Task A_write_naming_another_site_is_refused_as_cross_site_before_its_body_is_read(string path)
    {
        var response = await PostAsync(path, "{\"text\": [1, ", origin: "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("/none")]
    [InlineData("/token-without-origin")]
    public async Task A_write_from_the_site_itself_passes(string path)
    {
        var response = await PostAsync(path, "{\"text\": \"hei\"}", origin: "http://localhost");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Automation_without_origin_passes_where_no_proof_is_asked()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("/none", "{\"text\": \"hei\"}", origin: null)).StatusCode);
    }

    [Fact]
    public async Task A_write_without_origin_or_token_is_refused_as_cross_site_where_a_token_is_asked_for_then()
    {
        var response = await PostAsync("/token-without-origin", "{\"text\": tru", origin: null);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_same_site_write_without_a_token_is_told_to_reload_where_every_write_needs_one()
    {
        var response = await PostAsync("/token", "{\"text\": \"hei\"}", origin: "http://localhost");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString();
        Assert.False(string.IsNullOrEmpty(detail));
        Assert.NotEqual("PasskeyPageExpired", detail); // the localized sentence, not the key
    }

    [Fact]
    public async Task Where_every_write_needs_a_token_a_broken_body_is_answered_before_the_token()
    {
        // Delivery's scripts get the answer that names the broken field (MalformedJsonTests), not "reload the page".
        var expired = (await (await PostAsync("/token", "{\"text\": \"hei\"}", origin: null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("detail").GetString()!;
        var response = await PostAsync("/token", "{\"text\": tru", origin: null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(expired, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string json, string? origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return _client.SendAsync(request);
    }

    private sealed record Body(string Text);
}
