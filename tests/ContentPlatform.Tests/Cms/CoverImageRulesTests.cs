using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Transfer;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Cms;

/// <summary>A program's cover image: alt text in every language unless decorative, a ready image, and visible in review.</summary>
public sealed class CoverImageRulesTests
{
    private static readonly CoverImage Cover = new() { Media = "fjord-morgon", Alt = new LocalizedText { ["nb"] = "En fjord i morgenlys" } };

    private static IReadOnlyList<ContentProblem> Check(CoverImage cover, MediaKind kind = MediaKind.Image) =>
        PublishValidator.Validate(Draft() with { Cover = cover }, new TranslationLog(),
            mediaLookup: key => key == "fjord-morgon" ? new MediaLookupEntry(kind, true) : null);

    [Fact]
    public void A_cover_needs_alt_text_in_every_language_unless_it_is_marked_decorative()
    {
        var problem = Assert.Single(Check(Cover));
        Assert.Equal(("missing-alt-text", "cover.alt › nn"), (problem.Code, problem.Path));
        Assert.Empty(Check(Cover with { Decorative = true }));
        Assert.Empty(Check(Cover with { Alt = LocalizedText.Of("En fjord i morgenlys", "Ein fjord i morgonljos") }));
    }

    [Fact]
    public void A_cover_must_be_an_image_that_is_in_the_media_library()
    {
        var decorative = Cover with { Decorative = true };
        Assert.Equal(["wrong-media-kind"], Check(decorative, MediaKind.Video).Select(p => p.Code));
        Assert.Equal([("broken-reference", "cover.media")], Check(decorative with { Media = "borte" }).Select(p => (p.Code, p.Path)));
    }

    [Fact]
    public void An_imported_package_points_the_cover_at_the_key_its_image_got_here()
    {
        var imported = MediaIntake.WithMediaKeys(Draft() with { Cover = Cover }, new Dictionary<string, string> { ["fjord-morgon"] = "fjord-morgon-2" });
        Assert.Equal("fjord-morgon-2", imported.Cover!.Media);
    }

    [Fact]
    public async Task The_review_diff_shows_a_new_cover_and_its_alt_text_with_a_human_path()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        var program = Draft();
        await editor.PostAsJsonAsync("/api/v1/manage/programs", program, ContractJson.Options);
        var withCover = program with { Cover = Cover with { Alt = LocalizedText.Of("En fjord i morgenlys", "Ein fjord i morgonljos") } };
        Assert.Equal(HttpStatusCode.OK, (await editor.PutAsJsonAsync("/api/v1/manage/programs/test-uro", withCover, ContractJson.Options)).StatusCode);

        var changes = JsonDocument.Parse(await editor.GetStringAsync("/api/v1/manage/programs/test-uro/diff?from=1&to=2&culture=nn"))
            .RootElement.EnumerateArray().Select(c => (c.GetProperty("path").GetString(), c.GetProperty("after").GetString())).ToList();
        Assert.Contains(("Programmet › Forsidebilete › Mediefil", "fjord-morgon"), changes);
        Assert.Contains(("Programmet › Forsidebilete › Alternativ tekst › nynorsk", "Ein fjord i morgonljos"), changes);
    }
}
