using System.Net;
using ContentPlatform.Delivery;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>A user signed in to a real Delivery server (Kestrel): an HttpClient and the cookie jar a WebSocket can reuse.</summary>
public sealed class RealSession(HttpClient http, CookieContainer cookies, Uri baseAddress, string language) : IDisposable
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;
    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>Opens /hubs/care with this user's cookie (WebSockets, no negotiation, as the pages do).</summary>
    public Task<RawHubClient> CareHubAsync() => RawHubClient.ConnectAsync(BaseAddress, "/hubs/care", Cookies, language);

    public void Dispose() => Http.Dispose();
}

public static class HubSessions
{
    /// <summary>Signs in through the real login form of a server started with UseRealServer().</summary>
    /// <summary>Signs in over HTTP; staff (who have an authenticator) also answer the code step.</summary>
    public static async Task<RealSession> SignInRealAsync(this AppFactory<DeliveryApp> app, string email, string language = "nb") =>
        await SignInRealAsync(app.ClientOptions.BaseAddress, email, language, await app.Services.AuthenticatorKeyAsync(email));

    public static async Task<RealSession> SignInRealAsync(Uri baseAddress, string email, string language = "nb", string? authenticatorKey = null)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        if (authenticatorKey is not null)
        {
            Assert.Equal(HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(http, email, DeliveryKit.Password, authenticatorKey)).StatusCode);
            return new RealSession(http, cookies, baseAddress, language);
        }
        var token = await http.AntiforgeryTokenAsync("/account/login");
        var response = await http.PostFormAsync("/account/login", ("email", email), ("password", DeliveryKit.Password), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return new RealSession(http, cookies, baseAddress, language);
    }
}
