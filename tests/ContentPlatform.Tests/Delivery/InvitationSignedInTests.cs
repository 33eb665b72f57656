using System.Net;
using AngleSharp.Html.Parser;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// An invitation opened by someone already signed in: a patient joins with this account or signs out to use another; a
/// staff account is told why it cannot join and is never made a patient.
/// </summary>
public sealed class InvitationSignedInTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_signed_in_patient_is_told_which_account_joins_and_joins_with_it(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.CreateUserAsync("pia@example.no", "Pia", DeliveryRoles.Patient);
        var code = await app.Services.InviteAsync();
        var client = await app.SignedInClientAsync("pia@example.no", "nn");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/invitation/{code}"));
        Assert.Contains("Du er logga inn som pia@example.no.", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        // The lead does not ask for a new account the page then does not offer.
        Assert.Equal("Du er invitert til Roleg pust.", page.QuerySelector("main .lead")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("input[type=password]"));
        Assert.Equal(["Start programmet med denne kontoen", "Logg ut og hald fram"],
            page.QuerySelectorAll("main form button").Select(b => b.TextContent.Trim()));

        var joined = await client.PostFormAsync($"/invitation/{code}", ("__RequestVerificationToken", Token(page)));
        Assert.Equal(HttpStatusCode.Redirect, joined.StatusCode);
        var enrollment = await QueryAsync(app, d => d.Enrollments.SingleAsync());
        Assert.Equal($"/my/{enrollment.Id}", joined.Headers.Location!.OriginalString);
        Assert.Equal(await UserIdAsync(app, "pia@example.no"), enrollment.PatientId);
    }

    [Fact]
    public async Task A_signed_in_patient_can_sign_out_and_continue_to_the_invitation_as_a_new_visitor()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.CreateUserAsync("pia@example.no", "Pia", DeliveryRoles.Patient);
        var code = await app.Services.InviteAsync();
        var client = await app.SignedInClientAsync("pia@example.no");

        var token = await client.AntiforgeryTokenAsync($"/invitation/{code}");
        var signedOut = await client.PostFormAsync($"/invitation/{code}?handler=SignOut", ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal($"/invitation/{code}", signedOut.Headers.Location!.OriginalString);
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/invitation/{code}"));
        Assert.NotNull(page.QuerySelector("input#password[type=password]"));
        Assert.DoesNotContain("Du er logget inn", page.QuerySelector("main")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await QueryAsync(app, d => d.Enrollments.Where(e => e.PatientId != null).ToListAsync()));
    }

    [Fact]
    public async Task A_signed_in_therapist_is_told_to_sign_out_and_cannot_join_as_a_patient()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        var code = await app.Services.InviteAsync();
        var client = await app.SignedInClientAsync("tone@example.no");

        var page = new HtmlParser().ParseDocument(await client.GetStringAsync($"/invitation/{code}"));
        Assert.Contains("Du er logget inn med en ansattkonto (tone@example.no).", page.QuerySelector("#invitation-staff")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(["Logg ut og fortsett"], page.QuerySelectorAll("main form button").Select(b => b.TextContent.Trim()));

        // Even a hand-made post does not turn the staff account into a patient.
        var posted = await client.PostFormAsync($"/invitation/{code}", ("__RequestVerificationToken", Token(page)));
        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.Empty(await QueryAsync(app, d => d.Enrollments.Where(e => e.PatientId != null).ToListAsync()));
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        Assert.False(await users.IsInRoleAsync((await users.FindByEmailAsync("tone@example.no"))!, DeliveryRoles.Patient));
    }

    private static string Token(AngleSharp.Html.Dom.IHtmlDocument page) =>
        page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;

    private static async Task<string> UserIdAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email))!.Id;
    }

    private static async Task<T> QueryAsync<T>(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, Func<DeliveryDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>());
    }
}
