using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using MediaAsset = ContentPlatform.Cms.Media.Library.MediaAsset;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using CmsMediaKind = ContentPlatform.Cms.Media.Sniffing.MediaKind;

namespace ContentPlatform.Tests.Delivery;

/// <summary>A program's cover image goes from the Cms's media library, through the release's manifest, onto the patient's cards.</summary>
public sealed class CoverImageTests
{
    private const string Hash = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    private static CoverImage Cover(string nb, string nn) => new() { Media = "fjord-morgon", Alt = LocalizedText.Of(nb, nn) };

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_published_cover_is_on_the_home_card_and_the_course_list_with_its_alt_text_in_nb_and_nn(Db provider)
    {
        await using var cms = await Apps.CmsAsync(provider, new Dictionary<string, string?>
        {
            ["Media:ProcessJobs"] = "false", ["Media:PublicBaseUrl"] = "https://cms.example.no/",
        });
        await using (var scope = cms.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CmsDbContext>();
            db.MediaAssets.Add(new ContentPlatform.Cms.Media.Library.MediaAsset
            {
                Key = "fjord-morgon", Kind = CmsMediaKind.Image, FileName = "fjord.jpg", ContentType = "image/jpeg", Bytes = 1000,
                ContentHash = Hash, BlobKey = $"{Hash}/fjord.jpg", Status = MediaStatus.Ready, Width = 1200, Height = 800,
                CreatedBy = "maria", UpdatedBy = "maria",
            });
            await db.SaveChangesAsync();
        }
        var guided = SamplePrograms.Guided() with { Questionnaires = [SamplePrograms.SafeWeekly()], Cover = Cover("En fjord i morgenlys", "Ein fjord i morgonljos") };
        var course = SamplePrograms.Course() with { Cover = Cover("Et rolig soverom", "Eit roleg soverom") };
        await cms.Services.PublishAsync(guided);
        await cms.Services.PublishAsync(course);

        await using var delivery = await Apps.DeliveryAsync(provider);
        await using (var scope = cms.Services.CreateAsyncScope())
        {
            var store = delivery.Services.GetRequiredService<ReleaseStore>();
            foreach (var release in await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Releases.AsNoTracking().ToListAsync())
            {
                await store.SaveAsync(release.ReleaseJson, release.ProgramId, false); // as the sync stores what the content API serves
            }
        }
        // A course without a cover wears its theme's picture, which says nothing and so has an empty alt.
        await delivery.Services.StoreReleaseAsync(SamplePrograms.Course("uten-bilde"), 1);
        await delivery.Services.EnrolledPatientAsync("anne@example.no");

        var nb = await CoverAsync(await delivery.SignedInClientAsync("anne@example.no", "nb"), "/", ".program-card");
        Assert.Equal($"https://cms.example.no/media/{Hash}/fjord.jpg", nb.GetAttribute("src"));
        Assert.Equal("En fjord i morgenlys", nb.GetAttribute("alt"));
        Assert.Equal(("1200", "800", "lazy"), (nb.GetAttribute("width"), nb.GetAttribute("height"), nb.GetAttribute("loading")));
        Assert.Equal("Ein fjord i morgonljos", (await CoverAsync(await delivery.SignedInClientAsync("anne@example.no", "nn"), "/", ".program-card")).GetAttribute("alt"));

        var visitor = delivery.CreateClient();
        visitor.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        Assert.Equal("Eit roleg soverom", (await CoverAsync(visitor, "/courses", $"[aria-labelledby='course-{SamplePrograms.CourseId}']")).GetAttribute("alt"));
        var fallback = await CoverAsync(visitor, "/courses", "[aria-labelledby='course-uten-bilde']");
        Assert.EndsWith("/cover.svg", fallback.GetAttribute("src"), StringComparison.Ordinal);
        Assert.Equal("", fallback.GetAttribute("alt"));
    }

    private static async Task<IElement> CoverAsync(HttpClient client, string url, string card)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        var page = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        return page.QuerySelector($"{card} img.card-cover") ?? throw new Xunit.Sdk.XunitException($"no cover on {card} at {url}");
    }
}
