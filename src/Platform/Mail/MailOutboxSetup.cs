using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Platform.Mail;

public static class MailOutboxSetup
{
    /// <summary>
    /// The "Mail" options (validated at start-up), the worker that sends <typeparamref name="TContext"/>'s outbox, and
    /// <see cref="MailOutboxStatus"/> for the admin page. The context's model must call <c>modelBuilder.AddMailOutbox()</c>.
    /// </summary>
    public static WebApplicationBuilder AddMailOutbox<TContext>(this WebApplicationBuilder builder) where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        var development = builder.Environment.IsDevelopment();
        builder.Services.AddStartupOptions<MailOptions>(MailOptions.Section, (o, environment) => MailOptionsCheck.Check(o, environment.IsDevelopment()));
        builder.Services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<MailOptions>>().Value;
            var dataPath = sp.GetService<DataFolder>()?.Path ?? Path.GetFullPath(StorageOptions.DefaultDataPath);
            return new MailTransport(options, ModeOf(options, development), Path.Combine(dataPath, options.PickupPath));
        });
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<MailOptions>>().Value);
        builder.Services.AddSingleton<MailOutboxWorker<TContext>>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailOutboxWorker<TContext>>());
        builder.Services.AddScoped(sp => new MailOutboxStatus(sp.GetRequiredService<TContext>(), sp.GetRequiredService<MailTransport>().Mode));
        return builder;
    }

    internal static MailMode ModeOf(MailOptions options, bool development) => options switch
    {
        { Enabled: false } => MailMode.Held,
        { Smtp.Host.Length: > 0 } => MailMode.Smtp,
        _ when development => MailMode.Pickup,
        _ => MailMode.Held,
    };
}
