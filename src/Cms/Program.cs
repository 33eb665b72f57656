using ContentPlatform.Cms;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Feedback;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Manage;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Telemetry;
using ContentPlatform.Cms.Webhooks;
using ContentPlatform.Cms.Media;
using ContentPlatform.Cms.Transfer;
using ContentPlatform.Platform.ExternalLogin;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;

return await AppRunner.RunAsync(async () =>
{
    var (command, configuration) = CommandLine.Split(args);
    var builder = WebApplication.CreateBuilder(configuration);
    builder.AddPlatformDefaults();
    builder.AddPlatformTelemetry(CmsTelemetry.Name);
    builder.AddPlatformDatabase<CmsDbContext, SqliteCmsDbContext, PostgresCmsDbContext>("cms.db");
    builder.Services.AddPlatformHealth<CmsDbContext>();
    builder.AddStaffIdentity();
    builder.AddMailOutbox<CmsDbContext>();
    builder.AddPrograms();
    builder.AddWebhooks();
    builder.AddContentApi();
    builder.AddFeedbackAggregates();
    builder.Services.AddOpenApi();
    builder.AddMedia();
    builder.AddTransfer();
    builder.AddManagerUi();

    var app = builder.Build();

    if (command.Length > 0)
    {
        return await CmsCommands.RunAsync(app, command);
    }

    app.UsePlatformDefaults();
    app.UseRouting(); // after the error pages, so a re-executed /Error request is routed
    app.UseAuthentication();
    app.UseAuthorization();
    app.MapPlatformHealth();
    app.MapBackchannelLogout(); // a provider ends its sessions here (OpenID Connect Back-Channel Logout)
    app.MapCultureSwitch();
    app.MapPasskeyApi<StaffUser>();
    app.MapOpenApi("/openapi/{documentName}.json");
    app.MapContentApi();
    app.MapFeedbackApi();
    app.MapManagementApi();
    app.MapRazorPages();
    app.MapMedia();
    await app.RunAsync();
    return 0;
});
