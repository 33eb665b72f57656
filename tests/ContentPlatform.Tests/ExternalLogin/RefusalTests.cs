using System.Net;
using ContentPlatform.Delivery.Data;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// Every way a national sign-in can go wrong ends on the sign-in page with a localized message, no session, and nothing
/// created: no user, no login row, the invitation still unspent. The tokens are spoiled by the real demo provider.
/// </summary>
public sealed class RefusalTests
{
    private const string FailedNb = "Innloggingen kunne ikke fullføres på en trygg måte";
    private const string FailedNn = "Innlogginga kunne ikkje fullførast på ein trygg måte";

    [Theory]
    [InlineData(TokenFaultNames.WrongIssuer, "nb")]
    [InlineData(TokenFaultNames.WrongAudience, "nn")]
    [InlineData(TokenFaultNames.BadSignature, "nb")]
    [InlineData(TokenFaultNames.AlgNone, "nn")]
    [InlineData(TokenFaultNames.Expired, "nb")]
    [InlineData(TokenFaultNames.NoNonce, "nn")]
    public async Task A_spoiled_ID_token_is_refused_with_a_message_and_nothing_is_created(string fault, string language)
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        var client = app.Browser(language);

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.KariNordmann.Pid, Fault: fault), invitation: code);

        await AssertRefusedAsync(app, client, result, language == "nb" ? FailedNb : FailedNn);
        Assert.Contains(app.Log(), l => l.Contains("refused (Failed)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_replayed_callback_is_refused_and_creates_nothing_more()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        var client = app.Browser();
        var first = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.KariNordmann.Pid), invitation: code);
        Assert.StartsWith("/my/", first.Landed);

        // The same callback again (state and code already used): the correlation cookie is spent, so the state is unknown.
        var replayed = await NationalSignIn.FollowAsync(client, first.Callback.PathAndQuery);
        Assert.StartsWith("/account/login?external=", replayed);
        Assert.Contains(FailedNb, await client.GetStringAsync(replayed));
        // And from another browser, which never started a sign-in.
        var stranger = app.Browser();
        Assert.Contains(FailedNb, await stranger.GetStringAsync(await NationalSignIn.FollowAsync(stranger, first.Callback.PathAndQuery)));
        Assert.Equal((1, 1), await app.Services.CountAsync());
    }

    [Fact]
    public async Task A_sign_in_below_the_configured_level_is_refused()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten, acr: "idporten-loa-high");
        var code = await app.Services.InviteAsync();
        var client = app.Browser();

        // The app asks for high; someone edits the request in the browser to substantial, which the provider then honours.
        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.AslakAasen.Pid, Level: TestPersons.Substantial),
            invitation: code, tamper: url => new Uri(url.AbsoluteUri.Replace("acr_values=idporten-loa-high", "acr_values=idporten-loa-substantial", StringComparison.Ordinal)));

        await AssertRefusedAsync(app, client, result, "krever et høyere sikkerhetsnivå");
    }

    [Fact]
    public async Task An_identity_without_an_account_is_told_to_use_the_invitation_link_and_nothing_is_created()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        var client = app.Browser("nn");

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.OlaNordmann.Pid));

        await AssertRefusedAsync(app, client, result, "bruker du lenka i invitasjonen");
        Assert.Null((await InvitationAsync(app, code)).UsedAt);
    }

    [Fact]
    public async Task A_spent_invitation_refuses_someone_else_and_creates_nothing()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        await NationalSignIn.SignInAsync(app.Browser(), new DemoLogin(TestPersons.KariNordmann.Pid), invitation: code);
        var client = app.Browser();

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.OlaNordmann.Pid), invitation: code);

        Assert.StartsWith("/account/login?external=", result.Landed);
        Assert.Contains("Invitasjonen er brukt, utløpt eller ukjent", await client.GetStringAsync(result.Landed));
        Assert.Equal((1, 1), await app.Services.CountAsync());
    }

    [Fact]
    public async Task Cancelling_at_the_provider_says_so_and_creates_nothing()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        var client = app.Browser();

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.KariNordmann.Pid, Cancel: true), invitation: code);

        await AssertRefusedAsync(app, client, result, "Innloggingen ble avbrutt");
    }

    private static async Task AssertRefusedAsync(NationalApp<ContentPlatform.Delivery.DeliveryApp> app, HttpClient client, SignInResult result, string message)
    {
        Assert.StartsWith("/account/login?external=", result.Landed);
        var page = await client.GetAsync(result.Landed);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains(message, System.Net.WebUtility.HtmlDecode(html));
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotMatch(@"IDX\d{5}", html);
        Assert.Equal((0, 0), await app.Services.CountAsync());
        await using var scope = app.Services.CreateAsyncScope();
        Assert.All(await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Invitations.ToListAsync(), i => Assert.Null(i.UsedAt));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my-data")).StatusCode); // no session
    }

    private static async Task<ContentPlatform.Delivery.Enrollment.Invitation> InvitationAsync(NationalApp<ContentPlatform.Delivery.DeliveryApp> app, string code)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var hash = ContentPlatform.Delivery.Enrollment.EnrollmentService.Hash(code);
        return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Invitations.SingleAsync(i => i.CodeHash == hash);
    }
}
