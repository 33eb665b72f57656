using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ManagerUi;

public sealed partial class SecondFactorTests
{
    private const string Password = "correct horse battery";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_staff_user_without_a_second_factor_is_sent_to_enrol_before_anything_else(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: false, StaffRoles.Editor);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var login = await client.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", Password), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        foreach (var path in new[] { "/", "/programs", "/programs/import" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            // ...and is brought back to where they were going once enrolled.
            Assert.Equal("/account/enrol-2fa?returnUrl=" + Uri.EscapeDataString(path), response.Headers.Location?.OriginalString);
        }

        // The same session gets nothing from the machine side either: no management API, no media API.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/manage/programs")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/manage/media")).StatusCode);
    }

    [Fact]
    public async Task Enrolling_an_authenticator_shows_a_QR_code_then_recovery_codes_and_opens_the_dashboard()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: false, StaffRoles.Editor);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var login = await client.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", Password), ("__RequestVerificationToken", token));
        var enrolPage = await login.Content.ReadAsStringAsync();
        Assert.Contains("data:image/png;base64,", enrolPage);
        var key = KeyPattern().Match(enrolPage).Groups[1].Value;

        var wrong = await client.PostFormAsync("/account/enrol-2fa", ("code", "000000"), ("__RequestVerificationToken", Token(enrolPage)));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Koden stemmer ikkje", wrongHtml);

        var done = await client.PostFormAsync("/account/enrol-2fa", ("code", Totp.Code(key)), ("__RequestVerificationToken", Token(wrongHtml)));
        var doneHtml = await done.Content.ReadAsStringAsync();
        Assert.Contains("Gjenopprettingskodar", doneHtml);
        Assert.Equal(10, RecoveryCodePattern().Count(doneHtml));
        Assert.Contains("Velkomen, Eli", await client.GetStringAsync("/"));
    }

    [Fact]
    public async Task A_recovery_code_signs_in_once_and_a_wrong_code_is_refused_with_a_message()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: true, StaffRoles.Editor);
        string code;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>();
            var user = await users.FindByEmailAsync("eli@example.no");
            code = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user!, 2))!.First();
        }
        var client = app.CreateClient();
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var login = await client.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", Password), ("__RequestVerificationToken", token));
        var html = await login.Content.ReadAsStringAsync();
        Assert.EndsWith("/account/login-2fa", login.RequestMessage!.RequestUri!.AbsolutePath);

        var wrong = await client.PostFormAsync("/account/login-2fa?handler=recovery", ("recoveryCode", "nope-nope"), ("__RequestVerificationToken", Token(html)));
        var wrongHtml = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("Gjenopprettingskoden stemmer ikke", wrongHtml);

        var ok = await client.PostFormAsync("/account/login-2fa?handler=recovery", ("recoveryCode", code), ("__RequestVerificationToken", Token(wrongHtml)));
        Assert.Contains("Velkommen, Eli", await ok.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_admin_creates_a_staff_user_who_must_then_enrol_and_an_editor_cannot_open_user_admin()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var adminKey = await StaffAccounts.CreateAsync(app.Services, "ada@example.no", "Ada", Password, enrol: true, StaffRoles.Admin);
        var editorKey = await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", Password, enrol: true, StaffRoles.Editor);
        var admin = app.CreateClient();
        await StaffAccounts.SignInAsync(admin, "ada@example.no", Password, adminKey!);
        var token = await admin.AntiforgeryTokenAsync("/admin/users");
        var created = await admin.PostFormAsync("/admin/users", ("name", "Rune"), ("email", "rune@example.no"),
            ("password", "a long enough password"), ("roles", "reviewer"), ("__RequestVerificationToken", token));
        Assert.Contains("rune@example.no", await created.Content.ReadAsStringAsync());

        var editor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await StaffAccounts.SignInAsync(editor, "eli@example.no", Password, editorKey!);
        var denied = await editor.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
        Assert.Equal("/account/denied", denied.Headers.Location?.AbsolutePath);

        var rune = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var runeToken = await rune.AntiforgeryTokenAsync("/account/login");
        await rune.PostFormAsync("/account/login", ("email", "rune@example.no"), ("password", "a long enough password"), ("__RequestVerificationToken", runeToken));
        Assert.Equal("/account/enrol-2fa?returnUrl=%2F", (await rune.GetAsync("/")).Headers.Location?.OriginalString);
    }

    private static string Token(string html) =>
        WebUtility.HtmlDecode(TokenPattern().Match(html).Groups[1].Value);

    [GeneratedRegex("data-key=\"([A-Z2-7]+)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex("<li><code>[a-z0-9-]+</code></li>", RegexOptions.IgnoreCase)]
    private static partial Regex RecoveryCodePattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
