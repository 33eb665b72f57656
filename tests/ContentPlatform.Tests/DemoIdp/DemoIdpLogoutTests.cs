using System.Net;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.DemoIdp;

/// <summary>Signing out at the provider: RP-initiated logout back to the client, and back-channel logout to each client.</summary>
public sealed class DemoIdpLogoutTests
{
    [Fact]
    public async Task Signing_out_at_the_provider_redirects_to_the_client_and_posts_it_a_signed_logout_token()
    {
        await using var receiver = await LogoutReceiver.StartAsync();
        var client = new DemoClient("test-helseid", "http://localhost:5999/signin-helseid", "http://localhost:5999/", BackchannelLogoutUri: receiver.Url);
        await using var idp = await DemoIdpServer.StartAsync(Flavours.HelseId, faults: false, client);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, client, "openid profile");
        var code = OidcFlow.Query(await OidcFlow.LoginAsync(browser, request.Url, new DemoLogin(TestPersons.TerjeTerapeut.Pid)))["code"];
        var idToken = IdTokens.Payload((await OidcFlow.RedeemAsync(idp.Authority, client, code, request.CodeVerifier)).IdToken!);

        using var response = await browser.GetAsync(
            $"{idp.Authority}connect/endsession?client_id={client.ClientId}&post_logout_redirect_uri={Uri.EscapeDataString(client.PostLogoutRedirectUri!)}&state=bye");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith(client.PostLogoutRedirectUri + "?state=bye", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        var logoutToken = Assert.Single(receiver.Tokens);
        var validation = await IdTokens.ValidateAsync(idp, logoutToken, client.ClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var claims = IdTokens.Payload(logoutToken);
        Assert.Equal(idToken["sub"]!.GetValue<string>(), claims["sub"]!.GetValue<string>());
        Assert.Equal(idToken["sid"]!.GetValue<string>(), claims["sid"]!.GetValue<string>());
        Assert.NotNull(claims["events"]![BackchannelLogout.LogoutEvent]);
        Assert.False(claims.ContainsKey("nonce"));
    }

    [Fact]
    public async Task After_signing_out_the_provider_asks_the_person_to_sign_in_again()
    {
        var client = new DemoClient("test-idporten", "http://localhost:5999/signin-idporten", "http://localhost:5999/");
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, client);
        using var browser = OidcFlow.NewBrowser();
        await OidcFlow.LoginAsync(browser, OidcFlow.Authorize(idp.Authority, client, "openid").Url, new DemoLogin(TestPersons.KariNordmann.Pid));
        var (_, singleSignOn) = await OidcFlow.FollowToLoginPageAsync(browser, OidcFlow.Authorize(idp.Authority, client, "openid").Url);
        Assert.Null(singleSignOn); // still signed in at the provider: straight back to the client

        (await browser.GetAsync($"{idp.Authority}connect/endsession")).Dispose();
        var (_, page) = await OidcFlow.FollowToLoginPageAsync(browser, OidcFlow.Authorize(idp.Authority, client, "openid").Url);

        Assert.NotNull(page);
    }

    /// <summary>A client's back-channel logout endpoint: records each `logout_token` posted to it.</summary>
    private sealed class LogoutReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;

        private LogoutReceiver(WebApplication app) => _app = app;

        public List<string> Tokens { get; } = [];

        public string Url => _app.Urls.Single() + "/backchannel-logout";

        public static async Task<LogoutReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new LogoutReceiver(app);
            app.MapPost("/backchannel-logout", async (HttpRequest request) =>
            {
                var form = await request.ReadFormAsync();
                lock (receiver.Tokens)
                {
                    receiver.Tokens.Add(form["logout_token"].ToString());
                }
                return Results.Ok();
            });
            await app.StartAsync();
            return receiver;
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
