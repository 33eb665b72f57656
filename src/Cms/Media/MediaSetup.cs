using ContentPlatform.Cms.Media.Api;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Media.Processing;
using ContentPlatform.Cms.Media.Sniffing;
using ContentPlatform.Cms.Media.Storage;
using ContentPlatform.Cms.Media.Storage.Azure;
using ContentPlatform.Cms.Media.Transcoding;
using ContentPlatform.Cms.Media.Uploads;
using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Cms.Media;

public static class MediaSetup
{
    private const string AzureHttpClientKey = "Media.AzureBlob";

    /// <summary>
    /// Everything media needs: the store, the content sniffer and the transcoder, the library, uploads, the durable
    /// processing queue and its SignalR hub, with options from section "Media". Call after the database is added, so the
    /// schema is migrated before the job runner starts.
    /// </summary>
    public static WebApplicationBuilder AddMedia(this WebApplicationBuilder builder)
    {
        builder.AddMediaStorage();
        var services = builder.Services;
        services.TryAddSingleton<MediaSniffer>();
        services.TryAddSingleton<MediaTranscoder>();
        services.TryAddSingleton<MediaWorkFolders>();
        services.TryAddSingleton<MediaJobSignal>();
        services.TryAddScoped<MediaUsage>();
        services.TryAddScoped<MediaLibrary>();
        services.TryAddScoped<MediaBrowser>();
        services.TryAddScoped<MediaUploads>();
        services.TryAddScoped<IMediaCatalog, MediaCatalog>();
        services.AddMediaHub();
        services.AddHostedService<MediaJobRunner>();
        return builder;
    }

    /// <summary>The media endpoints: files at /media/{hash}/{name}, the management API, and the progress hub at /hubs/media.</summary>
    public static WebApplication MapMedia(this WebApplication app)
    {
        app.MapMediaDelivery();
        app.MapMediaApi();
        app.MapMediaHub();
        return app;
    }

    /// <summary>
    /// Registers <see cref="IMediaStore"/>: Media:Store = Local (default; folder Media:LocalPath, else "media" in the data
    /// folder) or AzureBlob (Media:Azure:*). The options are validated at start-up, so a wrong setting stops the app
    /// with a message naming it instead of failing at the first upload.
    /// </summary>
    public static WebApplicationBuilder AddMediaStorage(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<MediaOptions>, MediaOptionsValidator>());

        // Singleton with a pooled-connection lifetime: one connection pool for all uploads, still following DNS changes.
        services.TryAddKeyedSingleton(AzureHttpClientKey, (_, _) =>
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));

        // Chosen when first resolved, after ValidateOnStart has checked the options.
        services.TryAddSingleton<IMediaStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MediaOptions>>().Value;
            var kind = MediaOptionsValidator.TryParseStore(options.Store, out var parsed) ? parsed : MediaStoreKind.Local;
            return kind switch
            {
                MediaStoreKind.AzureBlob => new AzureBlobMediaStore(
                    sp.GetRequiredKeyedService<HttpClient>(AzureHttpClientKey), options.Azure, sp.GetService<TimeProvider>(),
                    sp.GetService<ILogger<AzureBlobMediaStore>>()),
                _ => new LocalMediaStore(LocalPath(options, sp)),
            };
        });
        builder.Services.AddHostedService<AzureStorePreparation>();
        return builder;
    }


    private static string LocalPath(MediaOptions options, IServiceProvider services)
    {
        if (!string.IsNullOrWhiteSpace(options.LocalPath))
        {
            return Path.GetFullPath(options.LocalPath);
        }
        var dataFolder = services.GetService<DataFolder>()?.Path ?? DatabaseSetup.ResolveDataPath(
            services.GetRequiredService<IConfiguration>(), services.GetRequiredService<IHostEnvironment>());
        return Path.Combine(dataFolder, "media");
    }
}

/// <summary>
/// Makes the Azure container and its CORS rule ready at start-up, so players work even before the next upload. In
/// the background: a storage account that is slow or briefly down must not stop the Cms; uploads retry it.
/// </summary>
internal sealed partial class AzureStorePreparation(IMediaStore store, ILogger<AzureStorePreparation> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not AzureBlobMediaStore azure)
        {
            return;
        }
        try
        {
            await azure.PrepareAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogNotReady(log, e);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Azure media container or CORS rule could not be prepared at start-up; uploads will try again")]
    private static partial void LogNotReady(ILogger logger, Exception e);
}
