using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Webhooks;
using ContentPlatform.Shared.Hosting;

return await AppRunner.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPlatformDefaults();
    builder.AddPlatformDatabase<CmsDbContext, SqliteCmsDbContext, PostgresCmsDbContext>("cms.db");
    builder.Services.AddPlatformHealth<CmsDbContext>();
    builder.AddStaffIdentity();
    builder.AddWebhooks();
    builder.AddContentApi();
    builder.AddManagerUi();

    var app = builder.Build();

    if (args is [var command, ..] && !command.StartsWith('-'))
    {
        return await CmsCommands.RunAsync(app, args);
    }

    app.UsePlatformDefaults();
    app.UseStaticFiles();
    app.UseRouting(); // after the error pages, so a re-executed /Error request is routed
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapPlatformHealth();
    app.MapCultureSwitch();
    app.MapContentApi();
    app.MapRazorPages();
    await app.RunAsync();
    return 0;
});
