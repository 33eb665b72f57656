using System.Net;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Platform.Sessions;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;
using ContentPlatform.Tests.Revocation;
using ContentPlatform.Tests.StaffAdmin;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Accounts;

/// <summary>
/// The user's own sessions on /account/security: each device with browser and system family, sign-in time, last use and
/// how it signed in, this device marked; revoking one ends that cookie and its live hub connection at once, and nobody
/// can revoke someone else's.
/// </summary>
public sealed class OwnSessionsTests
{
    private const string Page = "/account/security";
    private const string Laptop = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_user_sees_her_devices_and_revoking_one_ends_its_cookie_and_hub_connection_but_not_someone_elses(Db db)
    {
        await using var world = await MessagingWorld.CreateAsync(db);
        var key = (await world.App.Services.AuthenticatorKeyAsync(MessagingWorld.TherapistEmail))!;
        using var laptop = await SignInAsync(world, key, Laptop, "nn");
        using var phone = await SignInAsync(world, key, Phone, "nb");
        await using var hub = await phone.CareHubAsync(new RetryAtOnce(2));
        using var patient = await world.PatientAsync();

        var html = WebUtility.HtmlDecode(await laptop.Http.GetStringAsync(Page));
        Assert.Contains("Firefox på Windows", html);
        Assert.Contains("Chrome på Android", html);
        Assert.Contains("(denne eininga)", html);
        Assert.Contains("Passord", html);
        var phoneSession = (await RowsAsync(world)).Single(s => s.UserAgent == Phone);
        Assert.Contains($"data-session=\"{phoneSession.Id}\" data-current=\"false\"", html);

        // Someone else's session id is a 404 and ends nothing.
        Assert.Equal(HttpStatusCode.NotFound, (await patient.Http.PostOnAsync(Page, "EndSession", ("id", phoneSession.Id))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await phone.Http.GetAsync("/staff")).StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await laptop.Http.PostOnAsync(Page, "EndSession", ("id", phoneSession.Id))).StatusCode);

        await hub.ClosedByServerAsync();
        await phone.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await phone.Http.GetAsync("/staff")).StatusCode); // to the sign-in page
        Assert.Equal(HttpStatusCode.OK, (await laptop.Http.GetAsync("/staff")).StatusCode);
        Assert.DoesNotContain("Chrome på Android", WebUtility.HtmlDecode(await laptop.Http.GetStringAsync(Page)));
        // Ended is ended: the same id again is a 404 too.
        Assert.Equal(HttpStatusCode.NotFound, (await laptop.Http.PostOnAsync(Page, "EndSession", ("id", phoneSession.Id))).StatusCode);
    }

    private static async Task<RealSession> SignInAsync(MessagingWorld world, string key, string userAgent, string language)
    {
        var baseAddress = world.App.ClientOptions.BaseAddress;
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        http.DefaultRequestHeaders.UserAgent.ParseAdd(userAgent);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(http, MessagingWorld.TherapistEmail, DeliveryKit.Password, key)).StatusCode);
        return new RealSession(http, cookies, baseAddress, language);
    }

    private static async Task<List<LoginSession>> RowsAsync(MessagingWorld world)
    {
        await using var scope = world.App.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<LoginSession>().AsNoTracking().ToListAsync();
    }
}
