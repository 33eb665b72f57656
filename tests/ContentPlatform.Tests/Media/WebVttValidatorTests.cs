using System.Text;
using ContentPlatform.Cms.Media.Captions;

namespace ContentPlatform.Tests.Media;

public sealed class WebVttValidatorTests
{
    [Fact]
    public void A_good_file_with_notes_identifiers_settings_and_overlapping_cues_is_valid()
    {
        const string vtt = """
            WEBVTT - Pusteøvelse

            NOTE Overlapping cues are two speakers at once.

            intro
            00:00:00.000 --> 00:00:04.000 align:start line:90%
            Pust rolig inn.

            00:02.500 --> 00:06.000
            <v Terapeut>Og ut igjen.

            01:00:00.000 --> 01:00:01.500
            Slutt.
            """;

        var report = WebVttValidator.Validate(vtt);

        Assert.True(report.IsValid, string.Join("; ", report.Problems));
        Assert.Equal(3, report.CueCount);
    }

    [Fact]
    public void A_missing_header_is_reported_on_line_1()
    {
        var report = WebVttValidator.Validate("00:00.000 --> 00:01.000\nHei\n");

        var problem = Assert.Single(report.Problems, p => p.Code == "missing-header");
        Assert.Equal(1, problem.Line);
    }

    [Theory]
    [InlineData("00:00.00 --> 00:01.000")]     // two decimals
    [InlineData("00:00.000 --> 00:61.000")]    // 61 seconds
    [InlineData("0:00:00.000 --> 00:01.000")]  // one-digit hours
    [InlineData("00:00,000 --> 00:01.000")]    // SRT's comma
    public void A_bad_timestamp_is_reported_on_its_line(string timing)
    {
        var report = WebVttValidator.Validate($"WEBVTT\n\n00:00.000 --> 00:01.000\nOk\n\n{timing}\nBad\n");

        var problem = Assert.Single(report.Problems);
        Assert.Equal("bad-timestamp", problem.Code);
        Assert.Equal(6, problem.Line);
    }

    [Fact]
    public void A_cue_that_ends_before_it_starts_is_reported_on_its_timing_line()
    {
        var report = WebVttValidator.Validate("WEBVTT\r\n\r\nid-1\r\n00:00:05.000 --> 00:00:04.000\r\nBaklengs\r\n");

        var problem = Assert.Single(report.Problems);
        Assert.Equal("end-before-start", problem.Code);
        Assert.Equal(4, problem.Line);
        Assert.Equal(1, report.CueCount);
    }

    [Fact]
    public void A_block_without_a_timing_line_and_a_missing_blank_line_are_reported()
    {
        var report = WebVttValidator.Validate("WEBVTT\n\nJust text\nmore text\n\n00:01.000 --> 00:02.000\nA\n00:02.000 --> 00:03.000\nB\n");

        Assert.Contains(report.Problems, p => p is { Code: "missing-timing", Line: 3 });
        Assert.Contains(report.Problems, p => p is { Code: "missing-blank-line", Line: 8 });
    }

    [Fact]
    public async Task A_file_that_is_not_UTF8_is_refused_with_a_clear_reason()
    {
        var latin1 = Encoding.Latin1.GetBytes("WEBVTT\n\n00:00.000 --> 00:01.000\nBlåbær\n");

        var report = await WebVttValidator.ValidateAsync(new MemoryStream(latin1));

        Assert.Equal("not-utf8", Assert.Single(report.Problems).Code);
    }
}
