using ContentPlatform.Shared.Markdown;

namespace ContentPlatform.Tests.Shared;

public sealed class ContentMarkdownTests
{
    [Fact]
    public void Raw_html_is_shown_as_text_never_rendered()
    {
        var html = ContentMarkdown.ToHtml("Hei <script>alert(1)</script> <b>du</b>");
        Assert.DoesNotContain("<script>", html);
        Assert.DoesNotContain("<b>", html);
        Assert.Contains("&lt;script&gt;", html);
    }

    [Theory]
    [InlineData("[klikk](javascript:alert(1))")]
    [InlineData("[klikk](data:text/html;base64,PGI+)")]
    [InlineData("[klikk](vbscript:msgbox)")]
    public void Links_with_other_schemes_are_neutralised(string markdown)
    {
        var html = ContentMarkdown.ToHtml(markdown);
        Assert.Contains("href=\"#\"", html);
        Assert.DoesNotContain("script:", html);
        Assert.DoesNotContain("data:", html);
    }

    [Theory]
    [InlineData("[a](https://helsenorge.no)", "https://helsenorge.no")]
    [InlineData("[a](mailto:post@example.no)", "mailto:post@example.no")]
    [InlineData("[a](/modules/2)", "/modules/2")]
    [InlineData("[a](neste-side)", "neste-side")]
    public void Http_mailto_and_relative_links_are_kept(string markdown, string href) =>
        Assert.Contains($"href=\"{href}\"", ContentMarkdown.ToHtml(markdown));

    [Fact]
    public void Images_only_come_from_the_media_library()
    {
        Assert.Contains("src=\"/media/abc/pust.jpg\"", ContentMarkdown.ToHtml("![Pust](/media/abc/pust.jpg)"));
        var outside = ContentMarkdown.ToHtml("![Sporing](https://tracker.example/p.gif)");
        Assert.DoesNotContain("tracker.example", outside);
        Assert.Single(ContentMarkdown.FindProblems("![Sporing](https://tracker.example/p.gif)"));
    }

    [Fact]
    public void The_same_input_always_gives_the_same_html()
    {
        const string markdown = "# Tittel\n\nEin *kort* tekst med [lenkje](https://example.no).\n\n- a\n- b\n";
        Assert.Equal(ContentMarkdown.ToHtml(markdown), ContentMarkdown.ToHtml(markdown));
    }

    [Fact]
    public void Heading_levels_are_reported_in_order()
    {
        Assert.Equal([2, 4, 3], ContentMarkdown.HeadingLevels("## a\n\n#### b\n\n### c\n"));
    }
}
