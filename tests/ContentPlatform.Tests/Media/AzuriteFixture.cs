using ContentPlatform.Cms.Media;

namespace ContentPlatform.Tests.Media;

/// <summary>
/// The Azure Storage emulator's blob service as a real local process on a free loopback port, started once for the
/// collection from the repository's node_modules (the test command runs npm ci) and killed afterwards. In-memory, so
/// nothing is left on disk. A missing Azurite fails the tests loudly: skipping would hide that Azure was never tested.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string AccountName = "devstoreaccount1";

    /// <summary>The emulator's fixed, publicly documented key; it protects nothing.</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private AzuriteProcess? _azurite;

    public int Port => _azurite?.Port ?? throw new InvalidOperationException("Azurite is not started");

    public string BlobEndpoint => $"http://127.0.0.1:{Port}/{AccountName}";

    /// <summary>Options for a fresh container, so each test class works on its own data.</summary>
    public AzureBlobOptions NewContainerOptions() => new()
    {
        AccountName = AccountName,
        AccountKey = AccountKey,
        BlobEndpoint = BlobEndpoint,
        Container = "t" + Guid.NewGuid().ToString("N")[..20],
    };

    public async Task InitializeAsync()
    {
        _azurite = new AzuriteProcess(AzuriteProcess.FreePort());
        await _azurite.StartAsync();
    }

    public Task DisposeAsync()
    {
        _azurite?.Stop();
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
