using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Cms;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Mail;

/// <summary>"Glemt passord?": a one-time link by e-mail (through the outbox and real SMTP), the same answer for unknown addresses.</summary>
public sealed partial class ForgotPasswordTests
{
    private const string Sent = "Hvis adressen hører til en konto her";
    private static readonly TimeSpan MailWait = TimeSpan.FromSeconds(20);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_mailed_link_sets_a_new_password_once_and_the_old_password_stops_working(Db db)
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.DeliveryAsync(db, smtp.Settings());
        await app.Services.CreateUserAsync("kari@example.no", "Kari", "patient");
        var client = Client(app);

        Assert.Contains("/account/forgot", await client.GetStringAsync("/account/login"), StringComparison.Ordinal);
        var asked = await PostForgotAsync(client, "kari@example.no");
        Assert.Equal(HttpStatusCode.OK, asked.StatusCode);
        Assert.Contains(Sent, await asked.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mail = await smtp.WaitForMailAsync("kari@example.no", MailWait);
        Assert.StartsWith("Nytt passord til", mail.Subject, StringComparison.Ordinal);
        var link = new Uri(mail.Link("/account/reset"));
        var resetPage = await client.GetStringAsync(link.PathAndQuery);
        (string, string)[] form = [.. HiddenFields(resetPage), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(link.PathAndQuery))];
        var done = await client.PostFormAsync("/account/reset", [.. form, ("password", "a brand new passphrase")]);
        Assert.Equal(HttpStatusCode.OK, done.StatusCode);
        Assert.Contains("Passordet er endret.", await done.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, "kari@example.no", "a brand new passphrase")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app, "kari@example.no", DeliveryKit.Password)).StatusCode); // the form again, with an error

        var again = await client.PostFormAsync("/account/reset", [.. form, ("password", "someone else's passphrase")]);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        var explained = await again.Content.ReadAsStringAsync();
        Assert.Contains("Lenken er utløpt eller allerede brukt.", explained, StringComparison.Ordinal);
        Assert.Contains("/account/forgot?expired=true", explained, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_link_used_after_its_hour_says_it_has_expired_and_changes_nothing(Db db)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = new ClockedApp(await TestDatabase.CreateAsync(db, "delivery"), clock);
        await app.Services.CreateUserAsync("kari@example.no", "Kari", "patient");
        var client = Client(app);

        Assert.Equal(HttpStatusCode.OK, (await PostForgotAsync(client, "kari@example.no")).StatusCode);
        // No SMTP here: the outbox worker sleeps on the test's clock, and the row already holds the link.
        var row = await app.Services.WaitForRowAsync<DeliveryDbContext>("kari@example.no", _ => true);
        var link = new Uri(LinkPattern().Match(row.TextBody).Value);
        var resetPage = await client.GetStringAsync(link.PathAndQuery);
        (string, string)[] form = [.. HiddenFields(resetPage), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(link.PathAndQuery))];

        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var late = await client.PostFormAsync("/account/reset", [.. form, ("password", "a brand new passphrase")]);

        Assert.Equal(HttpStatusCode.BadRequest, late.StatusCode);
        var explained = await late.Content.ReadAsStringAsync();
        Assert.Contains("Lenken er utløpt eller allerede brukt.", explained, StringComparison.Ordinal);
        Assert.Contains("/account/forgot?expired=true", explained, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(app, "kari@example.no", DeliveryKit.Password)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignInAsync(app, "kari@example.no", "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_gets_the_same_answer_and_no_mail()
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.DeliveryAsync(Db.Sqlite, smtp.Settings());
        await app.Services.CreateUserAsync("known@example.no", "Known", "patient");
        var client = Client(app);

        var unknown = await PostForgotAsync(client, "nobody@example.no");
        var known = await PostForgotAsync(client, "known@example.no");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(Answer(await known.Content.ReadAsStringAsync()), Answer(await unknown.Content.ReadAsStringAsync()));
        // Requests are handled in order: once the known address has its mail, the unknown one has been dealt with.
        await smtp.WaitForMailAsync("known@example.no", MailWait);
        Assert.Empty(smtp.MailsTo("nobody@example.no"));
    }

    [Fact]
    public async Task A_fourth_request_for_one_address_within_the_hour_is_refused_and_says_so_in_Nynorsk()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = Client(app, "nn");
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostForgotAsync(client, "flood@example.no")).StatusCode);
        }
        var refused = await PostForgotAsync(client, "FLOOD@example.no");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Contains("Du har bede om for mange lenkjer.", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Another address from the same client is still within the per-IP limit.
        Assert.Equal(HttpStatusCode.OK, (await PostForgotAsync(client, "other@example.no")).StatusCode);
    }

    [Fact]
    public async Task The_Cms_sign_in_page_offers_forgot_password_and_the_mail_links_back_to_the_Cms()
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.CmsAsync(Db.Sqlite, smtp.Settings());
        await StaffAccounts.CreateAsync(app.Services, "editor@example.no", "Editor", StaffClients.Password, enrol: true, "editor");
        var client = Client(app);

        Assert.Contains("Glemt passord?", await client.GetStringAsync("/account/login"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await PostForgotAsync(client, "editor@example.no")).StatusCode);
        var mail = await smtp.WaitForMailAsync("editor@example.no", MailWait);
        Assert.StartsWith($"{client.BaseAddress!.GetLeftPart(UriPartial.Authority)}/account/reset?u=", mail.Link("/account/reset"), StringComparison.Ordinal);
        Assert.DoesNotContain("editor@example.no", mail.TextBody, StringComparison.Ordinal);
    }

    private static HttpClient Client<T>(AppFactory<T> app, string language = "nb") where T : class
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        return client;
    }

    private static async Task<HttpResponseMessage> PostForgotAsync(HttpClient client, string email) =>
        await client.PostFormAsync("/account/forgot", ("email", email), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/account/forgot")));

    private static async Task<HttpResponseMessage> SignInAsync<T>(AppFactory<T> app, string email, string password) where T : class
    {
        var client = Client(app);
        return await client.PostFormAsync("/account/login", ("email", email), ("password", password),
            ("__RequestVerificationToken", await client.AntiforgeryTokenAsync("/account/login")));
    }

    /// <summary>The page's answer, without the per-response antiforgery token and nonce.</summary>
    private static string Answer(string html) => AnswerPattern().Match(html).Value;

    private static IEnumerable<(string, string)> HiddenFields(string html) =>
        HiddenPattern().Matches(html).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => f.Item1 is "u" or "t");

    [GeneratedRegex("<p class=\"notice\" role=\"status\" id=\"forgot-sent\">[^<]*</p>")]
    private static partial Regex AnswerPattern();

    [GeneratedRegex("https?://\\S+/account/reset\\?\\S+")]
    private static partial Regex LinkPattern();

    /// <summary>Delivery on a clock the test moves; it starts at the real time, so cookies stay valid.</summary>
    private sealed class ClockedApp(TestDatabase database, FakeTimeProvider clock) : AppFactory<DeliveryApp>(database)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        }
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
