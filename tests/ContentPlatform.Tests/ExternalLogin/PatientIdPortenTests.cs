using System.Net;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>Patients sign in with ID-porten (the real demo provider): invitations bind the identity, courses create the account.</summary>
public sealed class PatientIdPortenTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_patient_binds_an_invitation_at_first_sign_in_and_later_signs_in_again_to_their_program(Db db)
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(db, idporten);
        var code = await app.Services.InviteAsync();
        var first = app.Browser();

        var bound = await NationalSignIn.SignInAsync(first, new DemoLogin(TestPersons.KariNordmann.Pid), invitation: code);

        var enrollment = await EnrollmentAsync(app.Services, code);
        Assert.Equal($"/my/{enrollment.Id}", bound.Landed);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync(bound.Landed)).StatusCode);
        // The invitation is spent: signing in again without it finds the same account.
        var later = app.Browser();
        Assert.Equal("/", (await NationalSignIn.SignInAsync(later, new DemoLogin(TestPersons.KariNordmann.Pid))).Landed);
        Assert.Equal(HttpStatusCode.OK, (await later.GetAsync(bound.Landed)).StatusCode);
        // Following the spent invitation link again lands on the program, not on a refusal.
        var again = app.Browser();
        Assert.Equal(bound.Landed, (await NationalSignIn.SignInAsync(again, new DemoLogin(TestPersons.KariNordmann.Pid), invitation: code)).Landed);
        Assert.Equal((1, 1), await app.Services.CountAsync());
    }

    [Fact]
    public async Task A_course_is_joined_with_ID_porten_and_the_patient_account_comes_from_the_identity()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = app.Browser("nn");

        var joined = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.SigridFjellheim.Pid), course: SamplePrograms.CourseId);

        Assert.StartsWith("/my/", joined.Landed);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(joined.Landed)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var data = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var user = await data.Users.SingleAsync();
        Assert.Equal("Sigrid Fjellheim", user.DisplayName);
        Assert.Equal("nn", user.PreferredCulture);
        Assert.Equal("idporten", (await data.UserLogins.SingleAsync()).LoginProvider);
        Assert.Equal(user.Id, (await data.Enrollments.SingleAsync(e => e.ProgramId == SamplePrograms.CourseId)).PatientId);
    }

    [Fact]
    public async Task The_invitation_and_course_pages_offer_ID_porten_only_when_it_is_configured()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using (var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten))
        {
            var code = await app.Services.InviteAsync();
            Assert.Contains("Start med ID-porten", await app.Browser().GetStringAsync($"/invitation/{code}"));
            Assert.Contains("Logg inn med ID-porten", await app.Browser().GetStringAsync("/account/login"));
        }
        await using var plain = await Apps.DeliveryAsync(Db.Sqlite);
        await plain.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var other = await plain.Services.InviteAsync();
        Assert.DoesNotContain("ID-porten", await plain.Browser().GetStringAsync($"/invitation/{other}"));
        Assert.DoesNotContain("ID-porten", await plain.Browser().GetStringAsync("/account/login"));
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_sends_the_browser_to_the_provider_with_the_id_token_hint()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten);
        var code = await app.Services.InviteAsync();
        var client = app.Browser();
        var bound = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.OlaNordmann.Pid), invitation: code);

        var token = await client.AntiforgeryTokenAsync(bound.Landed);
        var signedOut = await client.PostFormAsync("/account/logout", ("__RequestVerificationToken", token));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        var endSession = signedOut.Headers.Location!;
        Assert.StartsWith(idporten.Authority, endSession.AbsoluteUri);
        var query = OidcFlow.Query(endSession);
        Assert.False(string.IsNullOrEmpty(query.GetValueOrDefault("id_token_hint")));
        Assert.Equal("http://localhost/", query.GetValueOrDefault("post_logout_redirect_uri"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync(bound.Landed)).StatusCode); // the local session is gone
    }

    private static async Task<ProgramEnrollment> EnrollmentAsync(IServiceProvider services, string code)
    {
        await using var scope = services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<EnrollmentService>().FindInvitationAsync(code, CancellationToken.None)).Enrollment!;
    }
}
