using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// /media/picker, which the page editor's media picker reads: the library's media of one kind, searchable, with captions
/// status; for the content team only.
/// </summary>
public sealed class MediaPickerTests : IAsyncLifetime
{
    private readonly MediaSamples _samples = new();

    public Task InitializeAsync() => _samples.InitializeAsync();

    public Task DisposeAsync() => _samples.DisposeAsync();

    [Theory]
    [InlineData("nb", "Mangler teksting på: Nynorsk", "Velg sample.mp4")]
    [InlineData("nn", "Manglar teksting på: Nynorsk", "Vel sample.mp4")]
    public async Task The_picker_lists_only_media_of_the_asked_kind_with_search_and_captions_status(string culture, string missing, string pick)
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var editor = await app.SignInAsync("maria@example.no", StaffRoles.Editor);
        editor.DefaultRequestHeaders.AcceptLanguage.ParseAdd(culture);
        var video = (await (await MediaApp.UploadChunkedAsync(editor, _samples["sample.mp4"])).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString()!;
        var captions = await editor.PutAsync($"{MediaApp.Api}/{video}/captions/nb",
            new StringContent("WEBVTT\n\n00:00:00.000 --> 00:00:01.000\nPust inn\n", Encoding.UTF8, "text/vtt"));
        Assert.Equal(HttpStatusCode.OK, captions.StatusCode);
        var image = (await (await MediaApp.UploadChunkedAsync(editor, _samples["sample.png"])).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString()!;

        var videos = await editor.GetStringAsync("/media/picker?kind=video");
        Assert.Contains($"data-pick=\"{video}\"", videos);
        Assert.DoesNotContain($"data-pick=\"{image}\"", videos);
        Assert.Contains(missing, videos);
        Assert.Contains($"aria-label=\"{pick}\"", videos);
        Assert.Contains("&quot;nb&quot;:", videos); // the video's captions, so choosing it can fill the block's caption fields
        Assert.DoesNotContain("<html", videos); // a fragment for the dialog, not a page

        var images = await editor.GetStringAsync("/media/picker?kind=image&q=SAMPLE");
        Assert.Contains($"data-pick=\"{image}\"", images);
        Assert.DoesNotContain($"data-pick=\"{video}\"", images);
        Assert.Contains("<img src=\"/media/", images); // its thumbnail

        var none = await editor.GetStringAsync("/media/picker?kind=video&q=finnes-ikke");
        Assert.DoesNotContain("data-pick=", none);
        Assert.Contains("0 treff", none);

        var any = await editor.GetStringAsync("/media/picker");
        Assert.Contains($"data-pick=\"{video}\"", any);
        Assert.Contains($"data-pick=\"{image}\"", any);

        Assert.Equal(HttpStatusCode.BadRequest, (await editor.GetAsync("/media/picker?kind=exe")).StatusCode);
    }

    [Theory]
    [InlineData(StaffRoles.Editor)]
    [InlineData(StaffRoles.Reviewer)]
    [InlineData(StaffRoles.Admin)]
    public async Task Every_content_team_role_may_read_the_picker(string role)
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var client = await app.SignInAsync($"{role}@example.no", role);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/media/picker?kind=video")).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_are_sent_to_sign_in()
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var anonymous = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await anonymous.GetAsync("/media/picker?kind=video");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task A_signed_in_user_without_a_content_team_role_is_refused()
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        var client = await app.SignInAsync("ingen@example.no"); // an account with no role at all

        var response = await client.GetAsync("/media/picker?kind=video");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/denied", response.Headers.Location?.PathAndQuery ?? response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Staff_without_a_second_factor_are_sent_to_enrol_first()
    {
        await using var app = await MediaApp.StartAsync(new Dictionary<string, string?> { ["Media:ProcessJobs"] = "false" });
        await StaffAccounts.CreateAsync(app.Services, "eli@example.no", "Eli", MediaApp.Password, enrol: false, StaffRoles.Editor);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var token = await client.AntiforgeryTokenAsync("/account/login");
        await client.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", MediaApp.Password), ("__RequestVerificationToken", token));

        var response = await client.GetAsync("/media/picker?kind=video");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/enrol-2fa", response.Headers.Location?.OriginalString);
    }
}
