using ContentPlatform.Cms.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Cms.Media.Processing;

/// <summary>
/// Live job progress for the media library pages, at /hubs/media. Staff only; the server sends "progress" messages
/// (<see cref="MediaJobView"/>) and clients send nothing.
/// </summary>
[Authorize(Policy = StaffIdentity.StaffPolicy)]
public sealed class MediaHub : Hub;

public static class MediaHubSetup
{
    public static IServiceCollection AddMediaHub(this IServiceCollection services)
    {
        services.AddSignalR();
        return services;
    }

    /// <summary>Staff whose access has not been taken away: a revocation also closes the open connections (IAccessRevocations).</summary>
    public static IEndpointConventionBuilder MapMediaHub(this IEndpointRouteBuilder app) =>
        app.MapHub<MediaHub>("/hubs/media").RequireAuthorization(StaffIdentity.LiveConnectionPolicy);
}
