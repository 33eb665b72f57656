using System.Net;
using ContentPlatform.Cms;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Revocation;

/// <summary>The Cms's staff-only media hub: an admin taking a user's access away closes that user's connections.</summary>
public sealed class MediaHubRevocationTests
{
    [Theory]
    [InlineData("deactivate")]
    [InlineData("roles")]
    [InlineData("reset2fa")]
    public async Task An_admin_taking_a_cms_users_access_away_closes_their_media_hub_connection_and_refuses_a_new_one(string handler)
    {
        await using var app = (await Apps.CmsAsync(Db.Sqlite)).UseRealServer();
        var (_, eliCookies) = await SignInAsync(app, "eli@example.no", StaffRoles.Editor, StaffRoles.Reviewer);
        var (admin, _) = await SignInAsync(app, "admin@example.no", StaffRoles.Admin);
        var baseAddress = app.ClientOptions.BaseAddress;
        await using var eliHub = await MediaHubAsync(baseAddress, eliCookies);
        await using var adminHub = await MediaHubAsync(baseAddress, admin.Cookies);
        string eliId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            eliId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("eli@example.no"))!.Id;
        }

        var page = $"/admin/users/{eliId}";
        (string, string)[] fields = handler == "roles" ? [("roles", StaffRoles.Reviewer)] : []; // the editor role removed
        var done = await admin.Http.PostFormAsync($"{page}?handler={handler}",
            [("__RequestVerificationToken", await admin.Http.AntiforgeryTokenAsync(page)), .. fields]);
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await eliHub.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.Unauthorized, (await Assert.ThrowsAsync<HubRefusedException>(() => MediaHubAsync(baseAddress, eliCookies))).Status);
        Assert.False(adminHub.Closed.IsCompleted);
    }

    [Fact]
    public async Task A_cms_user_without_a_second_factor_cannot_open_the_media_hub()
    {
        await using var app = (await Apps.CmsAsync(Db.Sqlite)).UseRealServer();
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", StaffClients.Password, enrol: false, StaffRoles.Editor);
        var cookies = new CookieContainer();
        using var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.ClientOptions.BaseAddress };
        var login = await http.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", StaffClients.Password),
            ("__RequestVerificationToken", await http.AntiforgeryTokenAsync("/account/login")));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/hubs/media/negotiate?negotiateVersion=1", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Assert.ThrowsAsync<HubRefusedException>(() => MediaHubAsync(app.ClientOptions.BaseAddress, cookies))).Status);
        // Nor straight to the WebSocket, skipping negotiation.
        var direct = await Assert.ThrowsAsync<HubRefusedException>(() => HubClient.ConnectAsync(app.ClientOptions.BaseAddress, "/hubs/media", cookies));
        Assert.Equal(HttpStatusCode.Forbidden, direct.Status);
    }

    /// <summary>The media library page's way in: negotiate, then WebSockets.</summary>
    private static Task<HubClient> MediaHubAsync(Uri baseAddress, CookieContainer cookies) =>
        HubClient.ConnectAsync(baseAddress, "/hubs/media", cookies, negotiate: true);

    private sealed record Session(HttpClient Http, CookieContainer Cookies);

    private static async Task<(Session Session, CookieContainer Cookies)> SignInAsync(AppFactory<CmsApp> app, string email, params string[] roles)
    {
        var key = await StaffAccounts.CreateAsync(app.Services, email, email.Split('@')[0], StaffClients.Password, enrol: true, roles);
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = app.ClientOptions.BaseAddress };
        Assert.Equal(HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(http, email, StaffClients.Password, key!)).StatusCode);
        return (new Session(http, cookies), cookies);
    }
}
