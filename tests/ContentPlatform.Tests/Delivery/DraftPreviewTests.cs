using System.Net;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>"Preview as a patient": a draft page opened from the Cms renders on the patient site, in its theme, via a preview token.</summary>
public sealed class DraftPreviewTests
{
    private const string ApiKey = "delivery-preview-key-0123456789abcdefgh";

    [Fact]
    public async Task An_editor_opens_a_draft_page_on_the_patient_site_in_its_theme_and_language_and_sees_each_new_save()
    {
        var deliveryPort = Apps.FreePort();
        await using var cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "delivery", ["ContentApi:Keys:0:Key"] = ApiKey,
            ["Preview:DeliveryUrl"] = $"http://127.0.0.1:{deliveryPort}",
        })).UseRealServer();
        await using var delivery = (await Apps.DeliveryAsync(Db.Sqlite, DeliverySettings(cms.ClientOptions.BaseAddress.ToString()))).UseRealServer(deliveryPort);
        await CreateDraftAsync(cms.Services);

        // The Cms runs on Kestrel here (Delivery calls it), so the editor is a plain HTTP client that does not follow redirects.
        var editor = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = new() })
        {
            BaseAddress = cms.ClientOptions.BaseAddress,
        };
        var key = await StaffAccounts.CreateAsync(cms.Services, "eli@example.no", "Eli", StaffClients.Password, enrol: true, StaffRoles.Editor);
        Assert.Equal(HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(editor, "eli@example.no", StaffClients.Password, key!)).StatusCode);
        var open = await editor.GetAsync("/programs/test-uro/preview/m1-p1?lang=nn&handler=delivery");
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        var target = open.Headers.Location!;
        Assert.StartsWith($"http://127.0.0.1:{deliveryPort}/culture/nn?returnUrl=", target.ToString());

        // The editor's browser follows it: the language switch remembers nn and lands on the preview.
        var browser = delivery.CreateClient(); // follows redirects, keeps cookies
        var page = await browser.GetAsync(target.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nn\"", html);
        Assert.Contains("Kva er uro?", html);                  // the nn draft text, rendered by the shared renderers
        Assert.Contains("Førehandsvising av utkast", html);     // the banner
        Assert.Contains("/themes/fjord/theme.css", html);              // the patient site's theme
        Assert.Contains("/preview/test-uro/m2-p1?token=", html); // next page, still in the preview
        Assert.Equal("no-store", page.Headers.CacheControl?.ToString());
        Assert.Equal("no-referrer", page.Headers.GetValues("Referrer-Policy").Single());
        Assert.Null(await delivery.Services.GetRequiredService<ReleaseStore>().ProgramAsync("test-uro")); // nothing published or stored

        // A new save shows on the next load: drafts are never cached.
        await using (var scope = cms.Services.CreateAsyncScope())
        {
            var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
            var changed = SamplePrograms.Draft() with { Title = SamplePrograms.T("Mestring av uro", "Meistring av uro, ny utgåve") };
            var (_, error) = await workflow.SaveAsync("test-uro", changed, null, "eli");
            Assert.Null(error);
        }
        var again = await browser.GetStringAsync(page.RequestMessage!.RequestUri!.PathAndQuery);
        Assert.Contains("Meistring av uro, ny utgåve", again);

        // Submitting a form in the preview keeps nothing and says so.
        var token = System.Web.HttpUtility.ParseQueryString(page.RequestMessage.RequestUri.Query)["token"]!;
        var post = await browser.PostAsync(page.RequestMessage.RequestUri.PathAndQuery,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["blockId"] = "m1-diary", ["situation"] = "Eit svar" }));
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Contains("svaret vart ikkje lagra", await post.Content.ReadAsStringAsync());
        Assert.NotEmpty(token);
    }

    [Fact]
    public async Task A_forged_token_a_token_for_another_program_an_unknown_page_and_a_Cms_that_is_down_each_get_a_clear_message_and_no_draft()
    {
        await using var cms = (await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["ContentApi:Keys:0:Name"] = "delivery", ["ContentApi:Keys:0:Key"] = ApiKey,
        })).UseRealServer();
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite, DeliverySettings(cms.ClientOptions.BaseAddress.ToString()));
        await CreateDraftAsync(cms.Services);
        var tokens = cms.Services.GetRequiredService<PreviewTokens>();
        var valid = tokens.Issue("test-uro");
        var client = delivery.CreateClient();

        async Task Refused(string url, HttpStatusCode status, string message)
        {
            var response = await client.GetAsync(url);
            Assert.Equal(status, response.StatusCode);
            var html = await response.Content.ReadAsStringAsync();
            Assert.Contains(message, html);
            Assert.DoesNotContain("Hva er uro?", html);
            Assert.DoesNotContain("Exception", html);
        }

        await Refused($"/preview/test-uro/m1-p1?token={Uri.EscapeDataString(valid[..^4] + "AAAA")}", HttpStatusCode.Forbidden, "utløpt eller gjelder et annet program");
        await Refused($"/preview/test-uro/m1-p1?token={Uri.EscapeDataString(tokens.Issue("another-program"))}", HttpStatusCode.Forbidden, "utløpt eller gjelder et annet program");
        await Refused("/preview/test-uro/m1-p1", HttpStatusCode.Forbidden, "utløpt eller gjelder et annet program");
        await Refused($"/preview/test-uro/no-such-page?token={Uri.EscapeDataString(valid)}", HttpStatusCode.NotFound, "Fant ikke denne siden i utkastet");

        await using var cut = new AppFactory<ContentPlatform.Delivery.DeliveryApp>(delivery.Database,
            DeliverySettings("http://127.0.0.1:9/"), ownsDatabase: false);
        client = cut.CreateClient();
        await Refused($"/preview/test-uro/m1-p1?token={Uri.EscapeDataString(valid)}", HttpStatusCode.ServiceUnavailable, "svarer ikke akkurat nå");
    }

    [Fact]
    public async Task Only_signed_in_staff_get_a_preview_link_and_without_a_patient_site_the_Cms_shows_its_own_preview()
    {
        await using var cms = await Apps.CmsAsync(Db.Sqlite, new Dictionary<string, string?>
        {
            ["Preview:DeliveryUrl"] = "http://127.0.0.1:5999",
        });
        await CreateDraftAsync(cms.Services);
        var anonymous = cms.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var refused = await anonymous.GetAsync("/programs/test-uro/preview/m1-p1?lang=nb&handler=delivery");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/login", refused.Headers.Location!.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("token", refused.Headers.Location!.ToString());

        var editor = await cms.SignedInAsync("eli@example.no", StaffRoles.Editor);
        Assert.Equal(HttpStatusCode.NotFound, (await editor.GetAsync("/programs/test-uro/preview/no-such-page?handler=delivery")).StatusCode);
        var editorPage = await editor.GetStringAsync("/programs/test-uro/pages/m1-p1");
        Assert.Contains("handler=delivery", editorPage);

        await using var plain = await Apps.CmsAsync(Db.Sqlite);
        await CreateDraftAsync(plain.Services);
        var other = await plain.SignedInAsync("eli@example.no", StaffRoles.Editor);
        Assert.DoesNotContain("handler=delivery", await other.GetStringAsync("/programs/test-uro/pages/m1-p1"));
        var fallback = await other.GetAsync("/programs/test-uro/preview/m1-p1?lang=nb&handler=delivery");
        Assert.Equal(HttpStatusCode.Redirect, fallback.StatusCode);
        Assert.StartsWith("/programs/test-uro/preview/m1-p1", fallback.Headers.Location!.ToString());
    }

    private static Dictionary<string, string?> DeliverySettings(string cmsUrl) => new()
    {
        ["Cms:BaseUrl"] = cmsUrl, ["Cms:ApiKey"] = ApiKey, ["Cms:PollInterval"] = "01:00:00",
    };

    private static async Task CreateDraftAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ProgramWorkflow>().CreateAsync(SamplePrograms.Draft(), "eli");
    }
}
