using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Contract.Text;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Media;

/// <summary>Every upload path applies the one file-name rule (TextInput.FileName) and its one length limit.</summary>
public sealed class MediaFileNameTests
{
    private static readonly byte[] Pdf = [.. "%PDF-1.7\n"u8.ToArray(), .. new byte[4000]];

    [Fact]
    public async Task File_names_lose_bidi_controls_NUL_and_folders_and_empty_or_over_long_names_are_refused_on_every_upload_path()
    {
        await using var app = await MediaApp.StartAsync();
        var client = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        var tooLong = new string('a', TextInput.MaxFileNameLength - 3) + ".pdf";

        // One request, raw body, name in the query.
        Assert.Equal("Brosjyrefdp.pdf", await UploadedNameAsync(await client.PostAsync(
            $"{MediaApp.Api}?fileName={Uri.EscapeDataString("../../mappe/Brosjyre\u202Efdp\0.pdf")}", new ByteArrayContent(Pdf))));
        await AssertRefusedAsync(await client.PostAsync($"{MediaApp.Api}?fileName={Uri.EscapeDataString("\u200B\u2060")}", new ByteArrayContent(Pdf)));
        await AssertRefusedAsync(await client.PostAsync($"{MediaApp.Api}?fileName={tooLong}", new ByteArrayContent(Pdf)));

        // Multipart: the browser's file name.
        Assert.Equal("Hefte.pdf", await UploadedNameAsync(await client.PostAsync(MediaApp.Api, Multipart("C:\\fakepath\\He\u2066fte.pdf"))));
        await AssertRefusedAsync(await client.PostAsync(MediaApp.Api, Multipart(tooLong)));

        // Chunked: the name is checked when the upload is created.
        var chunked = await client.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = "del/\u202DArk\u0001.pdf", size = Pdf.Length });
        Assert.Equal("Ark.pdf", (await chunked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileName").GetString());
        await AssertRefusedAsync(await client.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = tooLong, size = Pdf.Length }));
        await AssertRefusedAsync(await client.PostAsJsonAsync($"{MediaApp.Api}/uploads", new { fileName = "\uFEFF/", size = Pdf.Length }));

        var names = (await client.GetFromJsonAsync<JsonElement[]>(MediaApp.Api))!.Select(a => a.GetProperty("fileName").GetString()).Order();
        Assert.Equal(["Brosjyrefdp.pdf", "Hefte.pdf"], names);
    }

    private static MultipartFormDataContent Multipart(string fileName)
    {
        var file = new ByteArrayContent(Pdf);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static async Task<string?> UploadedNameAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("fileName").GetString();
    }

    private static async Task AssertRefusedAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid-name", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
