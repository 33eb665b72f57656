using AngleSharp.Html.Parser;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>The Cms has its own tab icon, so a browser never asks for a /favicon.ico that answers 404 (a console error on every page).</summary>
public sealed class CmsIconTests
{
    [Fact]
    public async Task Every_cms_page_links_an_svg_icon_that_loads()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = app.CreateClient();
        var head = new HtmlParser().ParseDocument(await client.GetStringAsync("/account/login")).Head!;

        var icon = head.QuerySelector("link[rel=icon][type='image/svg+xml']")?.GetAttribute("href");
        Assert.Equal("/favicon.svg", icon);
        using var response = await client.GetAsync(icon);
        Assert.True(response.IsSuccessStatusCode, $"{icon} answered {(int)response.StatusCode}");
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
    }
}
