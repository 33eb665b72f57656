using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Shared.Hosting;

return await AppRunner.RunAsync(async () =>
{
    var (command, configuration) = CommandLine.Split(args);
    var builder = WebApplication.CreateBuilder(configuration);
    builder.AddPlatformDefaults();
    builder.AddPlatformDatabase<DeliveryDbContext, SqliteDeliveryDbContext, PostgresDeliveryDbContext>("delivery.db");
    builder.Services.AddPlatformHealth<DeliveryDbContext>();
    builder.AddDeliveryIdentity();
    builder.AddThemes();
    builder.Services.AddRazorPages();

    var app = builder.Build();

    if (command.Length > 0)
    {
        return await DeliveryCommands.RunAsync(app, command);
    }

    app.UsePlatformDefaults();
    app.UseThemeFiles();
    app.UseRouting(); // after the error pages, so a re-executed /Error request is routed
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapPlatformHealth();
    app.MapCultureSwitch();
    app.MapRazorPages();
    await app.RunAsync();
    return 0;
});
