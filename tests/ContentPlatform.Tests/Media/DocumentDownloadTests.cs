using System.Net;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Tests.Foundation;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// A document from the media library (a PDF, anything not a picture, sound, video or caption track) is a download under a
/// sandboxing policy, never active content on the Cms origin; pictures and video still show in place.
/// </summary>
public sealed class DocumentDownloadTests
{
    private static readonly string Hash = new('a', 64);

    [Theory]
    [InlineData("handout.pdf", "application/pdf")]
    [InlineData("notes.bin", "application/octet-stream")]
    public async Task A_document_is_served_as_an_attachment_in_a_sandbox(string name, string contentType)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await app.Services.GetRequiredService<IMediaStore>().PutAsync($"{Hash}/{name}", new MemoryStream("%PDF-1.7 x"u8.ToArray()), contentType);

        var response = await app.CreateClient().GetAsync($"/media/{Hash}/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(name, response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.StartsWith("sandbox", SecurityHeaderCheck.Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", SecurityHeaderCheck.Header(response, "X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("picture.png", "image/png")]
    [InlineData("film.mp4", "video/mp4")]
    [InlineData("captions.vtt", "text/vtt")]
    public async Task Pictures_video_and_captions_are_shown_in_place(string name, string contentType)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        await app.Services.GetRequiredService<IMediaStore>().PutAsync($"{Hash}/{name}", new MemoryStream([1, 2, 3]), contentType);

        var response = await app.CreateClient().GetAsync($"/media/{Hash}/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(response.Content.Headers.ContentDisposition);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
    }
}
