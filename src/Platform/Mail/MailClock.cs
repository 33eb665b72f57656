using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.Mail;

/// <summary>
/// The app's TimeProvider as seen from a DbContext (tests run with their own clock), so QueueMail keeps the one-argument
/// shape callers use. Falls back to the system clock for a context built outside the container.
/// </summary>
internal static class MailClock
{
    public static TimeProvider Of(DbContext db) =>
        db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService<TimeProvider>()
        ?? TimeProvider.System;
}
