using ContentPlatform.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Mail;

/// <summary>Outbox rows as a test sees them, and waiting on them (a condition, polled; never a fixed sleep).</summary>
internal static class MailTestKit
{
    public static async Task<OutboxMail?> OutboxRowAsync<TContext>(this IServiceProvider services, string to) where TContext : DbContext
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<TContext>().Set<OutboxMail>().AsNoTracking()
            .OrderByDescending(m => m.Id).FirstOrDefaultAsync(m => m.Recipient == to);
    }

    public static async Task<OutboxMail> WaitForRowAsync<TContext>(this IServiceProvider services, string to, Func<OutboxMail, bool> condition,
        TimeSpan? timeout = null) where TContext : DbContext
    {
        OutboxMail? last = null;
        await Eventually.UntilAsync(async () => (last = await services.OutboxRowAsync<TContext>(to)) is { } row && condition(row),
            timeout ?? TimeSpan.FromSeconds(20), () => $"outbox row for {to}: {last?.State} attempts {last?.Attempts} error {last?.LastError}");
        return last!;
    }
}

internal static class Eventually
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!await condition())
        {
            try
            {
                await Task.Delay(20, cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"Condition not met within {timeout}. {describe?.Invoke()}");
            }
        }
    }
}
