using ContentPlatform.Contract.Markdown;

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

    /// <summary>
    /// Every way a script or foreign-site link can be spelled that a browser still understands: reference definitions,
    /// autolinks, letter case, HTML entities (Markdown decodes them, so does the browser), a tab or newline inside the
    /// scheme (browsers drop them), and backslashes, which browsers read as slashes so that /\host is another site.
    /// </summary>
    [Theory]
    [InlineData("[klikk][r]\n\n[r]: javascript:alert(1)")]
    [InlineData("[klikk]\n\n[klikk]: JAVASCRIPT:alert(1)")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("<JAVASCRIPT:alert(1)>")]
    [InlineData("[klikk](JAVASCRIPT:alert(1))")]
    [InlineData("[klikk](JavaScript:alert(1))")]
    [InlineData("[klikk](&#106;avascript:alert(1))")]
    [InlineData("[klikk](&#x6A;avascript&colon;alert(1))")]
    [InlineData("[klikk](java&#x09;script:alert(1))")]
    [InlineData("[klikk](java&#x0A;script:alert(1))")]
    [InlineData("[klikk](&#x20;javascript:alert(1))")]
    [InlineData("[klikk](<java\tscript:alert(1)>)")]
    [InlineData("[klikk](/\\evil.example)")]
    [InlineData("[klikk](\\\\\\\\evil.example)")]
    [InlineData("[klikk](\\\\/evil.example)")]
    [InlineData("[klikk](//evil.example)")]
    [InlineData("[klikk](/&#x5C;evil.example)")]
    [InlineData("[klikk][r]\n\n[r]: /\\evil.example")]
    public void Disguised_script_and_foreign_site_links_are_neutralised(string markdown)
    {
        var html = ContentMarkdown.ToHtml(markdown);
        var hrefs = System.Text.RegularExpressions.Regex.Matches(html, "href=\"([^\"]*)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.All(hrefs, href => Assert.Equal("#", href));
        Assert.NotEmpty(ContentMarkdown.FindProblems(markdown));
    }

    [Theory]
    [InlineData("[klikk](\\/evil.example)")] // \/ is an escaped slash: the link is the same-site path /evil.example
    [InlineData("[klikk](/modul\\2)")]
    [InlineData("[klikk](\\\\evil.example)")] // an escaped backslash: \evil.example, which a browser reads as /evil.example
    [InlineData("[klikk](/%5Cevil.example)")] // an encoded backslash is no separator
    public void A_backslash_never_turns_a_same_site_path_into_another_site(string markdown)
    {
        var html = ContentMarkdown.ToHtml(markdown);
        var href = System.Text.RegularExpressions.Regex.Match(html, "href=\"([^\"]*)\"").Groups[1].Value;
        var asBrowserReadsIt = System.Net.WebUtility.HtmlDecode(href).Replace('\\', '/');
        Assert.False(asBrowserReadsIt.StartsWith("//", StringComparison.Ordinal), href);
        Assert.Equal("localhost", new Uri(new Uri("https://localhost/a/"), asBrowserReadsIt).Host);
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
