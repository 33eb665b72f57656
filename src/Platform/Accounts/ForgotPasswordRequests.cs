using System.Threading.Channels;
using System.Threading.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Accounts;

/// <summary>
/// The forgot page answers at once and hands the address here; the look-up, the token and the outbox row happen after
/// the answer. So the answer is the same, and takes the same time, whether or not the account exists.
/// </summary>
public sealed class ForgotPasswordRequests(IServiceScopeFactory scopes, ILogger<ForgotPasswordRequests> logger) : BackgroundService
{
    private readonly Channel<ForgotPasswordRequest> _requests = Channel.CreateBounded<ForgotPasswordRequest>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });

    public bool TryEnqueue(ForgotPasswordRequest request) => _requests.Writer.TryWrite(request);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var request in _requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<PasswordSelfService>().RequestAsync(request, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "A password reset request could not be handled");
            }
        }
    }
}

/// <summary>
/// Rate limits for "forgot password" (System.Threading.RateLimiting, the ASP.NET Core rate limiter's engine): per address,
/// so nobody can flood one person's inbox, and per client IP, so nobody can probe or spam many addresses. The address
/// limit is checked here rather than in the rate-limiting middleware because the address is in the posted form.
/// </summary>
public sealed class ForgotPasswordLimiter : IDisposable
{
    public const int PerAddressPerHour = 3;
    public const int PerIpPerHour = 10;

    private readonly PartitionedRateLimiter<string> _byAddress = Window(PerAddressPerHour);
    private readonly PartitionedRateLimiter<string> _byIp = Window(PerIpPerHour);

    /// <summary>True when both the address and the IP are within their limits (and counts the attempt against both).</summary>
    public bool TryAcquire(string address, string ip)
    {
        using var byIp = _byIp.AttemptAcquire(ip);
        if (!byIp.IsAcquired)
        {
            return false;
        }
        using var byAddress = _byAddress.AttemptAcquire(address.Trim().ToUpperInvariant());
        return byAddress.IsAcquired;
    }

    public void Dispose()
    {
        _byAddress.Dispose();
        _byIp.Dispose();
    }

    private static PartitionedRateLimiter<string> Window(int permits) =>
        PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromHours(1), QueueLimit = 0 }));
}
