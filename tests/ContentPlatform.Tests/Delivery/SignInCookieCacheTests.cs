using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Delivery remembers decrypted sign-in cookies for a few seconds (DecryptedTicketCache); signing out and the security
/// stamp must still end a session on the very next request.
/// </summary>
public sealed class SignInCookieCacheTests
{
    [Fact]
    public async Task A_patient_who_signed_out_is_sent_to_sign_in_on_the_next_request()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var client = await app.SignedInClientAsync("anne@example.no");
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode); // the cookie's ticket is now cached

        var token = await client.AntiforgeryTokenAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostFormAsync("/account/logout", ("__RequestVerificationToken", token))).StatusCode);

        var after = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_changed_security_stamp_ends_a_session_whose_cookie_is_cached()
    {
        await using var root = await Apps.DeliveryAsync(Db.Sqlite);
        // Check the stamp on every request, as a due check would, so the test need not wait 30 minutes.
        var app = root.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero)));
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (patient, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no");
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await browser.AntiforgeryTokenAsync("/account/login");
        var signedIn = await browser.PostFormAsync("/account/login",
            ("email", "anne@example.no"), ("password", DeliveryKit.Password), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        // Every request below sends this very cookie (renewals are ignored), so the later ones are cache hits.
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", string.Join("; ", signedIn.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0])));
        var url = DeliveryKit.PageUrl(enrollmentId, 1);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);

        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
            await users.UpdateSecurityStampAsync((await users.FindByIdAsync(patient.Id))!); // e.g. a password reset elsewhere
        }

        var after = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.StartsWith("/account/login", after.Headers.Location!.PathAndQuery);
    }
}
