using ContentPlatform.Contract.Text;

namespace ContentPlatform.Tests.Shared.Text;

public sealed class TextInputTests
{
    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("\u200B")]
    [InlineData(" \u200B\u200C\u200D\u2060\uFEFF ")]
    [InlineData("\u00AD\u3164\u115F")]
    [InlineData("\u202E\u2066 \u2069")]
    [InlineData("\0\u0007\r\n")]
    public void Text_of_only_whitespace_invisible_or_control_characters_is_blank(string text)
    {
        Assert.True(TextInput.IsBlank(text));
        Assert.Equal("", TextInput.Line(text));
        Assert.Equal("", TextInput.Body(text));
    }

    [Theory]
    [InlineData("a\u202Eb", "ab")]
    [InlineData("\u202Ainvoice\u202Bfdp\u202C.exe\u202D", "invoicefdp.exe")]
    [InlineData("x\u2066y\u2067z\u2068w\u2069", "xyzw")]
    [InlineData("Nul\0l", "Null")]
    [InlineData("Esc\u001B[31m", "Esc[31m")]
    [InlineData("Del\u007F\u0085", "Del")]
    public void Bidirectional_overrides_isolates_and_control_characters_are_removed(string text, string expected)
    {
        Assert.Equal(expected, TextInput.Line(text));
        Assert.Equal(expected, TextInput.Body(text));
    }

    [Fact]
    public void A_message_body_keeps_its_line_breaks_and_tabs_and_a_line_turns_them_into_spaces()
    {
        Assert.Equal("Hei\n\tdu\n\nHa det", TextInput.Body("  Hei\r\n\tdu\r\rHa det \u200B"));
        Assert.Equal("Hei  du", TextInput.Line("Hei\r\n\tdu\n"));
    }

    [Fact]
    public void Joiners_inside_a_text_are_kept_because_emoji_and_some_scripts_need_them()
    {
        const string family = "\U0001F468\u200D\U0001F469\u200D\U0001F467";
        Assert.Equal(family, TextInput.Line("\u200B" + family + "\u200B"));
    }

    [Theory]
    [InlineData("bilde.jpg", "bilde.jpg")]
    [InlineData(@"C:\fakepath\bilde.jpg", "bilde.jpg")]
    [InlineData("../../etc/passwd", "passwd")]
    [InlineData("mappe/under\\fil.pdf", "fil.pdf")]
    [InlineData("rapport\u202Efdp.exe", "rapportfdp.exe")]
    [InlineData("a\0b.png", "ab.png")]
    [InlineData("  \u200Blyd.mp3\u200B ", "lyd.mp3")]
    public void A_file_name_is_its_last_segment_cleaned_and_never_keeps_a_separator_or_NUL(string raw, string expected)
    {
        Assert.Equal((expected, FileNameProblem.None), TextInput.FileName(raw));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mappe/")]
    [InlineData("\u200B/\u202E")]
    [InlineData("..")]
    public void A_file_name_with_nothing_left_is_refused_as_empty(string? raw) =>
        Assert.Equal(FileNameProblem.Empty, TextInput.FileName(raw).Problem);

    [Fact]
    public void A_file_name_longer_than_the_one_limit_is_refused()
    {
        Assert.Equal(FileNameProblem.None, TextInput.FileName(new string('a', TextInput.MaxFileNameLength - 4) + ".jpg").Problem);
        Assert.Equal(FileNameProblem.TooLong, TextInput.FileName(new string('a', TextInput.MaxFileNameLength - 3) + ".jpg").Problem);
    }

    [Theory]
    [InlineData("Kari Nordmann", "Kari Nordmann")]
    [InlineData("../../Kari", ".. .. Kari")]
    [InlineData("\u202EKari\\Nord\0mann/", "Kari Nordmann")]
    public void A_display_name_never_keeps_a_path_separator_NUL_or_bidi_control(string raw, string expected) =>
        Assert.Equal(expected, TextInput.Name(raw));
}
