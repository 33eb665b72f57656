using System.Net;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// Course self-sign-up with a password: the privacy notice must be accepted, and the account is not usable until the
/// mailed link confirms the address (issue 18). The mail says only the service's name and the link.
/// </summary>
public sealed class CourseSignUpConfirmationTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_sign_up_cannot_sign_in_or_reach_the_course_until_the_mailed_link_confirms_it(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = Client(app);
        var joinPage = await client.GetStringAsync($"/courses/{SamplePrograms.CourseId}");
        Assert.Contains("href=\"/personvern\"", joinPage, StringComparison.Ordinal);

        var unaccepted = await client.PostFormAsync($"/courses/{SamplePrograms.CourseId}",
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync($"/courses/{SamplePrograms.CourseId}")),
            ("name", "Kari"), ("email", "kari@example.no"), ("password", "a long enough passphrase"));
        Assert.Equal(HttpStatusCode.BadRequest, unaccepted.StatusCode);
        Assert.Contains("Les personvernerklæringen", WebUtility.HtmlDecode(await unaccepted.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Null(await UserAsync(app, "kari@example.no"));

        var signedUp = await client.SignUpAsync(SamplePrograms.CourseId, "Kari", "kari@example.no");
        Assert.Equal(HttpStatusCode.OK, signedUp.StatusCode);
        Assert.Contains("Sjekk e-posten din", WebUtility.HtmlDecode(await signedUp.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/my-data")).StatusCode); // not signed in

        var mail = await app.Services.WaitForRowAsync<DeliveryDbContext>("kari@example.no", _ => true);
        Assert.Equal("Bekreft e-postadressen din hos Mestring på nett", mail.Subject);
        Assert.DoesNotContain("Sov godt", mail.TextBody, StringComparison.Ordinal); // the course's title
        Assert.DoesNotContain(SamplePrograms.CourseId, mail.TextBody, StringComparison.Ordinal);

        var early = await SignInAsync(app, "kari@example.no", "a long enough passphrase");
        Assert.Equal(HttpStatusCode.OK, early.StatusCode); // the form again, with why
        Assert.Contains("Bekreft e-postadressen din først", WebUtility.HtmlDecode(await early.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        var wrong = await SignInAsync(app, "kari@example.no", "not the right passphrase");
        Assert.DoesNotContain("Bekreft e-postadressen din først", WebUtility.HtmlDecode(await wrong.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(0, await EnrollmentsAsync(app));

        var link = await app.ConfirmationLinkAsync("kari@example.no");
        var confirmed = await client.ConfirmAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
        Assert.StartsWith("/my/", confirmed.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(confirmed.Headers.Location)).StatusCode);
        Assert.Equal(1, await EnrollmentsAsync(app));

        var again = await Client(app).ConfirmAsync(link);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Contains("Adressen er allerede bekreftet", WebUtility.HtmlDecode(await again.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, "kari@example.no", "a long enough passphrase")).StatusCode);
    }

    [Fact]
    public async Task A_spoiled_link_explains_itself_in_Nynorsk_and_a_new_one_can_be_sent_a_few_times_an_hour()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = Client(app, "nn");
        Assert.Equal(HttpStatusCode.OK, (await client.SignUpAsync(SamplePrograms.CourseId, "Kari", "kari@example.no")).StatusCode);
        var link = await app.ConfirmationLinkAsync("kari@example.no");

        var spoiled = await client.ConfirmAsync(link[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.BadRequest, spoiled.StatusCode);
        Assert.Contains("Lenkja har gått ut eller er ugyldig", WebUtility.HtmlDecode(await spoiled.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.False((await UserAsync(app, "kari@example.no"))!.EmailConfirmed);

        // "Send again" answers the same for an unknown address, and mails only the waiting one.
        Assert.Contains("Dersom adressa ventar", await ResendTextAsync(client, "nobody@example.no"), StringComparison.Ordinal);
        Assert.Contains("Dersom adressa ventar", await ResendTextAsync(client, "kari@example.no"), StringComparison.Ordinal);
        Assert.Equal(2, await MailsToAsync(app, "kari@example.no"));
        Assert.Equal(0, await MailsToAsync(app, "nobody@example.no"));
        await ResendTextAsync(client, "kari@example.no");
        await ResendTextAsync(client, "kari@example.no");
        var refused = await ResendAsync(client, "KARI@example.no");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Du har bede om for mange lenkjer", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()), StringComparison.Ordinal);

        // The newest link works (and so would the first: a resend does not spend the earlier one).
        Assert.Equal(HttpStatusCode.Redirect, (await client.ConfirmAsync(await app.ConfirmationLinkAsync("kari@example.no"))).StatusCode);
    }

    [Fact]
    public async Task The_default_privacy_notice_is_in_the_footer_in_both_languages_and_a_configured_one_replaces_it()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var nb = await Client(app).GetStringAsync("/personvern");
        Assert.Contains("Hva vi lagrer", nb, StringComparison.Ordinal);
        Assert.Contains("id=\"footer-privacy\"", nb, StringComparison.Ordinal);
        Assert.Contains("Kva vi lagrar", await Client(app, "nn").GetStringAsync("/personvern"), StringComparison.Ordinal);

        await using var trust = await Apps.DeliveryAsync(Db.Sqlite, new Dictionary<string, string?> { ["Privacy:NoticeUrl"] = "https://trust.example.no/personvern" });
        Assert.Contains("href=\"https://trust.example.no/personvern\" id=\"footer-privacy\"", await Client(trust).GetStringAsync("/"), StringComparison.Ordinal);
    }

    private static HttpClient Client(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, string language = "nb")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<HttpResponseMessage> SignInAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, string email, string password)
    {
        var client = Client(app);
        return await client.PostFormAsync("/account/login", ("email", email), ("password", password),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/account/login")));
    }

    private static async Task<HttpResponseMessage> ResendAsync(HttpClient client, string email) =>
        await client.PostFormAsync("/courses/confirm?handler=Resend", ("email", email),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/courses/confirm")));

    private static async Task<string> ResendTextAsync(HttpClient client, string email)
    {
        var answer = await ResendAsync(client, email);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        return WebUtility.HtmlDecode(await answer.Content.ReadAsStringAsync());
    }

    private static async Task<DeliveryUser?> UserAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync(email);
    }

    private static Task<int> EnrollmentsAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app) =>
        app.DbAsync(d => d.Enrollments.CountAsync());

    private static Task<int> MailsToAsync(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, string to) =>
        app.DbAsync(d => d.Set<ContentPlatform.Platform.Mail.OutboxMail>().CountAsync(m => m.Recipient == to));
}
