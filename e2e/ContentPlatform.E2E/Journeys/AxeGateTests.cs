using ContentPlatform.E2E.Infrastructure;
using Xunit.Sdk;

namespace ContentPlatform.E2E.Journeys;

/// <summary>
/// The axe check every journey relies on, run on a page made inaccessible on purpose: if it passed here it would pass
/// everything, and every "checked with axe" in the journeys would mean nothing.
/// </summary>
[Collection(PlatformGroup.Name)]
public sealed class AxeGateTests(PlatformFixture platform)
{
    private const string Fixture = "http://axe-fixture.test/";

    private const string Inaccessible = """
        <!doctype html>
        <html lang="nb">
        <head><meta charset="utf-8"><title>Side med kjente feil</title></head>
        <body>
          <main>
            <h1>Side med kjente feil</h1>
            <img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
            <input type="text" name="navn">
          </main>
        </body>
        </html>
        """;

    [Fact]
    public async Task A_page_with_an_image_without_alt_text_and_an_input_without_a_label_fails_the_axe_check()
    {
        await using var journey = await Journey.StartAsync(platform.Browser, "axe-gate", "nb");
        await journey.Page.RouteAsync(Fixture + "**", route => route.FulfillAsync(new()
        {
            ContentType = "text/html; charset=utf-8",
            Body = Inaccessible,
        }));

        var failure = await Assert.ThrowsAsync<XunitException>(() => journey.GotoAsync(new Uri(Fixture)));

        Assert.Contains($"on {Fixture}", failure.Message);
        Assert.Contains("- image-alt (critical)", failure.Message);
        Assert.Contains("- label (critical)", failure.Message);
    }
}
