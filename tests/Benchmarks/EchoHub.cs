using Microsoft.AspNetCore.SignalR;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// The messaging baseline: a bare SignalR hub with the care hub's method names and message shape, no sign-in, no
/// database, no bus. The same clients drive it, so the difference to Delivery is what storing, authorizing and fanning
/// out costs.
/// </summary>
public static class EchoHubServer
{
    public static async Task<int> RunAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Services.AddSignalR();
        var app = builder.Build();
        app.MapHub<EchoHub>("/hubs/care", o => o.Transports = Microsoft.AspNetCore.Http.Connections.HttpTransportType.WebSockets);
        app.MapGet("/health", () => "ok");
        await app.RunAsync();
        return 0;
    }
}

public sealed record EchoMessage(long Id, Guid EnrollmentId, string SenderName, bool FromPatient, string Body, Guid ClientId,
    DateTimeOffset SentAt, DateTimeOffset? ReadAt);

public sealed class EchoHub : Hub
{
    private static long _ids;

    public async Task<List<EchoMessage>> JoinThread(Guid enrollmentId, long afterId)
    {
        _ = afterId;
        await Groups.AddToGroupAsync(Context.ConnectionId, $"enrollment:{enrollmentId:D}");
        return [];
    }

    public async Task<EchoMessage> Send(Guid enrollmentId, string body, Guid clientId)
    {
        var message = new EchoMessage(Interlocked.Increment(ref _ids), enrollmentId, "echo", true, body, clientId, DateTimeOffset.UtcNow, null);
        await Clients.Group($"enrollment:{enrollmentId:D}").SendAsync("message", message);
        return message;
    }
}
