using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// Issue 20: an editor previews a program as a patient in nynorsk ("Forhåndsvis som pasient") and the Cms must stay in
/// the editor's language. Both apps on localhost share every cookie (ports do not isolate cookies), so each app keeps
/// its own language cookie.
/// </summary>
public sealed class CultureCookiePerAppTests
{
    [Fact]
    public async Task Choosing_nynorsk_in_Delivery_leaves_the_Cms_in_bokmal_on_the_same_host()
    {
        await using var delivery = await Apps.DeliveryAsync(Db.Sqlite);
        await using var cms = await Apps.CmsAsync(Db.Sqlite);
        var browser = delivery.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var switched = await browser.GetAsync("/culture/nn?returnUrl=/");
        var deliveryCookie = Assert.Single(switched.Headers.GetValues("Set-Cookie"), c => c.Contains("Culture", StringComparison.Ordinal));

        // The browser sends Delivery's cookie to the Cms too (same host name).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/account/login");
        request.Headers.Add("Cookie", deliveryCookie.Split(';')[0]);
        request.Headers.AcceptLanguage.ParseAdd("nb");
        var html = await (await cms.CreateClient().SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Contains("<html lang=\"nb\">", html);
    }

    [Fact]
    public async Task The_Cms_remembers_its_own_language_choice()
    {
        await using var cms = await Apps.CmsAsync(Db.Sqlite);
        var browser = cms.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nb");
        await browser.GetAsync("/culture/nn?returnUrl=/account/login");
        Assert.Contains("<html lang=\"nn\">", await browser.GetStringAsync("/account/login"));
    }
}
