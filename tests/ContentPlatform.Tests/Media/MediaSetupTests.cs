using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Media;

public sealed class MediaSetupTests
{
    [Fact]
    public void The_local_store_in_the_data_folder_is_the_default()
    {
        var data = Directory.CreateTempSubdirectory("cp-media-setup-").FullName;
        try
        {
            using var app = Build(new() { ["Storage:DataPath"] = data });

            var store = Assert.IsType<LocalMediaStore>(app.Services.GetRequiredService<IMediaStore>());
            Assert.Equal(Path.Combine(data, "media"), store.RootPath);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public void AzureBlob_configuration_gives_the_Azure_store()
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob",
            ["Media:Azure:AccountName"] = AzuriteFixture.AccountName,
            ["Media:Azure:AccountKey"] = AzuriteFixture.AccountKey,
            ["Media:Azure:BlobEndpoint"] = "http://127.0.0.1:10000/devstoreaccount1",
        });

        Assert.IsType<AzureBlobMediaStore>(app.Services.GetRequiredService<IMediaStore>());
    }

    [Theory]
    [InlineData("Media:Store", "S3", "Media:Store")]
    [InlineData("Media:Store", "AzureBlob", "Media:Azure:AccountKey")]
    [InlineData("Media:Limits:VideoBytes", "0", "Media:Limits:VideoBytes")]
    public void A_wrong_setting_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        using var app = Build(new() { [key] = value, ["Media:Azure:AccountName"] = "acct" });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Media:Azure:MaxRetries", "50", "Media:Azure:MaxRetries")]
    [InlineData("Media:Azure:MaxRetryDelay", "00:00:00.1", "Media:Azure:MaxRetryDelay")]
    public void A_wrong_Azure_retry_setting_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob", ["Media:Azure:AccountName"] = AzuriteFixture.AccountName,
            ["Media:Azure:AccountKey"] = AzuriteFixture.AccountKey, [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMediaStorage();
        return builder.Build();
    }
}
