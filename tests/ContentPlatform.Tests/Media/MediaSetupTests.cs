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

    [Fact]
    public void A_connection_string_with_the_account_key_gives_the_Azure_store()
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob",
            ["Media:Azure:ConnectionString"] = ConnectionString("http://127.0.0.1:10000/devstoreaccount1"),
        });

        Assert.IsType<AzureBlobMediaStore>(app.Services.GetRequiredService<IMediaStore>());
    }

    [Fact]
    public void Managed_identity_gives_the_Azure_store_without_any_key()
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob", ["Media:Azure:Authentication"] = "ManagedIdentity", ["Media:Azure:AccountName"] = "contentplatformmedia",
        });

        var store = Assert.IsType<AzureBlobMediaStore>(app.Services.GetRequiredService<IMediaStore>());
        Assert.False(store.Clients.Service.CanGenerateAccountSasUri); // no key: its delivery URLs are user-delegation SAS
        Assert.Equal("https://contentplatformmedia.blob.core.windows.net/", store.Clients.Service.Uri.ToString());
    }

    [Theory]
    [InlineData("Media:Azure:ConnectionString", "not a connection string", "Media:Azure:ConnectionString is not")]
    [InlineData("Media:Azure:ConnectionString", "BlobEndpoint=https://acct.blob.core.windows.net/;SharedAccessSignature=sv=2025-01-05&sig=x", "Media:Azure:ConnectionString is not")]
    [InlineData("Media:Azure:AccountName", "devstoreaccount1", "Media:Azure:ConnectionString is set together")] // both ways at once
    public void A_wrong_connection_string_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob", ["Media:Azure:ConnectionString"] = ConnectionString("http://127.0.0.1:10000/devstoreaccount1"),
            [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Media:Azure:AccountKey", AzuriteFixture.AccountKey, "Media:Azure:AccountKey")] // a key beside the identity
    [InlineData("Media:Azure:AccountName", "", "when Media:Azure:Authentication is ManagedIdentity")] // no account to sign in to
    public void A_wrong_managed_identity_setting_is_refused_with_a_message_naming_it(string key, string value, string named)
    {
        using var app = Build(new()
        {
            ["Media:Store"] = "AzureBlob", ["Media:Azure:Authentication"] = "ManagedIdentity", ["Media:Azure:AccountName"] = "acct",
            [key] = value,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_authentication_is_refused_with_a_message_naming_the_setting()
    {
        using var app = Build(new() { ["Media:Store"] = "AzureBlob", ["Media:Azure:Authentication"] = "Password" });

        var error = Assert.Throws<InvalidOperationException>(() => app.Services.GetRequiredService<IOptions<MediaOptions>>().Value);
        Assert.Contains("Media:Azure:Authentication", error.Message, StringComparison.Ordinal);
    }

    internal static string ConnectionString(string blobEndpoint) =>
        $"DefaultEndpointsProtocol=http;AccountName={AzuriteFixture.AccountName};AccountKey={AzuriteFixture.AccountKey};BlobEndpoint={blobEndpoint};";

    private static WebApplication Build(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddMediaStorage();
        return builder.Build();
    }
}
