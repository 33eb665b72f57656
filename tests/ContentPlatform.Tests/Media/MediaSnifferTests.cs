using System.Text;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Sniffing;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Media;

public sealed class MediaSnifferTests(MediaSamples samples) : IClassFixture<MediaSamples>
{
    private readonly MediaSniffer _sniffer = new(Options.Create(new MediaOptions()));

    [Theory]
    [InlineData("sample.jpg", "jpeg", MediaKind.Image)]
    [InlineData("sample.png", "png", MediaKind.Image)]
    [InlineData("sample.webp", "webp", MediaKind.Image)]
    [InlineData("sample.gif", "gif", MediaKind.Image)]
    [InlineData("sample.mp4", "mp4", MediaKind.Video)]
    [InlineData("sample.mov", "mov", MediaKind.Video)]
    [InlineData("sample.webm", "webm", MediaKind.Video)]
    [InlineData("sample.mp3", "mp3", MediaKind.Audio)]
    [InlineData("sample-no-id3.mp3", "mp3", MediaKind.Audio)]
    [InlineData("sample.m4a", "m4a", MediaKind.Audio)]
    [InlineData("sample.wav", "wav", MediaKind.Audio)]
    public async Task Each_accepted_format_made_by_ffmpeg_is_recognised_from_its_bytes(string file, string format, MediaKind kind)
    {
        await using var stream = File.OpenRead(samples[file]);

        var result = await _sniffer.SniffAsync(stream);

        Assert.True(result.IsAllowed, result.Reason);
        Assert.Equal(format, result.Format!.Name);
        Assert.Equal(kind, result.Format.Kind);
        Assert.Equal(0, stream.Position);
    }

    [Theory]
    [InlineData("%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n", "pdf")]
    [InlineData("WEBVTT\n\n00:00.000 --> 00:01.000\nHei\n", "vtt")]
    [InlineData("\uFEFFWEBVTT - Kapittel 1\r\n\r\n00:00.000 --> 00:01.000\r\nHei\r\n", "vtt")]
    [InlineData("WEBVTT", "vtt")]
    public void Pdf_and_WebVTT_text_are_recognised(string content, string format)
    {
        var result = Sniff(content);

        Assert.True(result.IsAllowed, result.Reason);
        Assert.Equal(format, result.Format!.Name);
    }

    [Fact]
    public void An_HTML_page_named_mp4_is_refused_because_the_name_is_never_consulted()
    {
        var result = Sniff("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>");

        Assert.False(result.IsAllowed);
        Assert.Equal(SniffRefusal.Html, result.RefusalCode);
        Assert.Contains("HTML", result.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("<?xml version=\"1.0\"?>\n<!DOCTYPE svg>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]
    [InlineData("  \n<SVG onload=\"alert(1)\"/>")]
    public void SVG_is_refused(string content)
    {
        var result = Sniff(content);

        Assert.Equal(SniffRefusal.Svg, result.RefusalCode);
    }

    [Theory]
    [InlineData(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0 }, SniffRefusal.Executable)]
    [InlineData(new byte[] { (byte)'M', (byte)'Z', 0x90, 0, 3, 0, 0, 0 }, SniffRefusal.Executable)]
    [InlineData(new byte[] { 0xCF, 0xFA, 0xED, 0xFE, 7, 0, 0, 1 }, SniffRefusal.Executable)]
    [InlineData(new byte[] { (byte)'#', (byte)'!', (byte)'/', (byte)'b', (byte)'i', (byte)'n', (byte)'/', (byte)'s' }, SniffRefusal.Script)]
    [InlineData(new byte[] { (byte)'P', (byte)'K', 3, 4, 20, 0, 6, 0 }, SniffRefusal.Archive)]
    [InlineData(new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }, SniffRefusal.Archive)]
    public void Executables_scripts_and_archives_are_refused(byte[] head, string code)
    {
        var result = _sniffer.Sniff(head, head.Length);

        Assert.False(result.IsAllowed);
        Assert.Equal(code, result.RefusalCode);
    }

    [Theory]
    [InlineData("<?xml version=\"1.0\"?><note>hei</note>", SniffRefusal.Xml)]
    [InlineData("just some text", SniffRefusal.Unknown)]
    [InlineData("function x() { return 1; }", SniffRefusal.Unknown)]
    public void Markup_and_unknown_text_are_refused(string content, string code)
    {
        Assert.Equal(code, Sniff(content).RefusalCode);
    }

    [Fact]
    public void An_HEIC_image_is_refused_as_an_unknown_format_naming_its_brand()
    {
        byte[] heic = [0, 0, 0, 24, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c', 0, 0, 0, 0];

        var result = _sniffer.Sniff(heic, 100_000);

        Assert.Equal(SniffRefusal.Unknown, result.RefusalCode);
        Assert.Contains("heic", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_image_over_its_size_limit_is_refused_with_the_limit_in_the_reason()
    {
        var head = await File.ReadAllBytesAsync(samples["sample.png"]);

        var result = _sniffer.Sniff(head, 21L * 1024 * 1024);

        Assert.Equal(SniffRefusal.TooLarge, result.RefusalCode);
        Assert.Contains("20 MB", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void The_size_limits_come_from_configuration()
    {
        var sniffer = new MediaSniffer(Options.Create(new MediaOptions { Limits = { CaptionsBytes = 10 } }));

        Assert.Equal(SniffRefusal.TooLarge, sniffer.Sniff("WEBVTT\n"u8, 11).RefusalCode);
        Assert.True(sniffer.Sniff("WEBVTT\n"u8, 10).IsAllowed);
    }

    [Fact]
    public void An_empty_file_is_refused()
    {
        Assert.Equal(SniffRefusal.Empty, _sniffer.Sniff([], 0).RefusalCode);
    }

    private SniffResult Sniff(string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return _sniffer.Sniff(bytes, bytes.Length);
    }
}
