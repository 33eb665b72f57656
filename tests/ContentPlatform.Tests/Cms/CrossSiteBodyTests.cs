using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Cms;

/// <summary>
/// The Cms's same-origin check runs before the body is read: a cross-site write gets the cross-site refusal (403) whatever
/// its body holds, never a body error that would tell the other site how the API parses.
/// </summary>
public sealed class CrossSiteBodyTests
{
    [Theory]
    [InlineData("POST", "/api/v1/manage/programs/")]
    [InlineData("PUT", "/api/v1/manage/programs/some-id")]
    [InlineData("PATCH", "/api/v1/manage/media/abc")]
    public async Task A_cross_site_write_with_a_malformed_body_gets_the_cross_site_refusal(string method, string url)
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.All);
        using var request = new HttpRequestMessage(new HttpMethod(method), url)
        {
            Content = new StringContent("{\"title\": [1, ", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        var response = await editor.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_media_write_without_origin_or_token_and_with_a_malformed_body_gets_the_cross_site_refusal()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var response = await editor.PatchAsync("/api/v1/manage/media/abc", new StringContent("{\"altText\": tru", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("cross-site", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString());
    }
}
