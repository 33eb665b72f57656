using System.Net;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Foundation;

public sealed class LocalizationTests
{
    [Theory]
    [InlineData("nb", "Logg inn med kontoen du har fått fra administrator.")]
    [InlineData("nn", "Logg inn med kontoen du har fått frå administrator.")]
    public async Task Cms_speaks_the_language_the_browser_asks_for(string language, string expected)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var html = await client.GetStringAsync("/account/login");
        Assert.Contains($"<html lang=\"{language}\">", html);
        Assert.Contains(expected, html);
    }

    /// <summary>"Skip to content" is said the same way by both apps: only the Platform's resource has it (SharedStrings).</summary>
    [Theory]
    [InlineData("Cms", "nb", "Hopp til hovedinnhold")]
    [InlineData("Delivery", "nn", "Hopp til hovudinnhald")]
    public async Task An_app_shows_a_string_it_shares_with_the_other_app_from_the_shared_resource(string appName, string language, string expected)
    {
        var html = appName == "Cms"
            ? await LoginPageAsync(await Apps.CmsAsync(Db.Sqlite), language)
            : await LoginPageAsync(await Apps.DeliveryAsync(Db.Sqlite), language);
        Assert.Contains($">{expected}</a>", html);
    }

    private static async Task<string> LoginPageAsync<TApp>(AppFactory<TApp> app, string language) where TApp : class
    {
        await using (app)
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
            return await client.GetStringAsync("/account/login");
        }
    }

    [Fact]
    public async Task Bokmal_is_the_default_when_the_browser_names_neither_language()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("de");
        var html = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"nb\"", html);
        Assert.Contains("Behandling og kurs når det passer deg", html);
    }

    [Fact]
    public async Task A_chosen_language_is_remembered_over_the_browser_language()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nb");

        var switched = await client.GetAsync("/culture/nn?returnUrl=%2F");
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/", switched.Headers.Location?.OriginalString);

        var html = await client.GetStringAsync("/");
        Assert.Contains("<html lang=\"nn\"", html);
        Assert.Contains("Behandling og kurs når det passar deg", html);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task The_language_switch_never_redirects_off_site(string returnUrl)
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync($"/culture/nb?returnUrl={Uri.EscapeDataString(returnUrl)}");
        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task An_unknown_language_is_not_found()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var response = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync("/culture/sv");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
