using System.Text.Json;
using System.Text.Json.Nodes;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Tests.ManagerUi;

/// <summary>Block fields that hold media keys are marked with their kind, so the page editor offers the media picker.</summary>
public sealed class MediaFieldTests
{
    [Fact]
    public void Every_block_field_that_refers_to_media_offers_the_picker()
    {
        foreach (var (name, type) in BlockTypes.All)
        {
            var fields = ContentForm.Describe(type);
            var json = new JsonObject { ["type"] = name, ["id"] = "b1" };
            foreach (var f in fields)
            {
                if (f.Kind == FieldKind.Line)
                {
                    json[f.Name] = "media-key";
                }
                else if (f.Kind == FieldKind.PerLanguage)
                {
                    json[f.Name] = new JsonObject { ["nb"] = "media-key" };
                }
            }
            var block = json.Deserialize<Block>(ContractJson.Options)!;
            foreach (var (field, _) in block.MediaReferences().Where(r => r.Media == "media-key"))
            {
                Assert.True(fields.Single(f => f.Name == field.Split('.')[0]).Media is not null,
                    $"block type '{name}' refers to media in '{field}' without [MediaField]");
            }
        }
    }

    [Theory]
    [InlineData(typeof(VideoBlock), "media", MediaKind.Video)]
    [InlineData(typeof(VideoBlock), "captions", MediaKind.Captions)]
    [InlineData(typeof(AudioBlock), "media", MediaKind.Audio)]
    [InlineData(typeof(ImageBlock), "media", MediaKind.Image)]
    public void The_picker_lists_the_kind_the_publish_check_expects(Type block, string field, MediaKind kind) =>
        Assert.Equal(kind, ContentForm.Describe(block).Single(f => f.Name == field).Media!.Kind);

    [Fact]
    public void A_download_may_be_any_kind_of_file() =>
        Assert.Null(ContentForm.Describe(typeof(DownloadBlock)).Single(f => f.Name == "media").Media!.Kind);
}
