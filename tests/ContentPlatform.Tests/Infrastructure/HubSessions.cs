using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Messaging;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>A user signed in to a real Delivery server (Kestrel): an HttpClient and the cookie jar a WebSocket can reuse.</summary>
public sealed class RealSession(HttpClient http, CookieContainer cookies, Uri baseAddress, string language) : IDisposable
{
    public HttpClient Http { get; } = http;
    public CookieContainer Cookies { get; } = cookies;
    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>
    /// Opens /hubs/care with this user's cookie (WebSockets, no negotiation, as the pages do), listening to the care hub's
    /// events: "message" (<see cref="MessageView"/>), "thread" (<see cref="ThreadChanged"/>), "read" (<see cref="ReadReceipt"/>).
    /// A refused connection throws <see cref="HubRefusedException"/> with the HTTP status.
    /// </summary>
    public Task<HubClient> CareHubAsync() => CareHubAsync(reconnect: null);

    /// <summary>As <see cref="CareHubAsync()"/>, reconnecting by itself after a lost connection as the thread page does.</summary>
    public Task<HubClient> CareHubAsync(IRetryPolicy? reconnect) => HubClient.ConnectAsync(BaseAddress, "/hubs/care", Cookies, language,
        negotiate: false, reconnect, ("message", typeof(MessageView)), ("thread", typeof(ThreadChanged)), ("read", typeof(ReadReceipt)),
        ("resync", typeof(void)));

    public void Dispose() => Http.Dispose();
}

public static class HubSessions
{
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
