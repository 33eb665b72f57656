using ContentPlatform.Cms;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Manage;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Webhooks;
using ContentPlatform.Shared.Hosting;

return await AppRunner.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPlatformDefaults();
    builder.AddPlatformDatabase<CmsDbContext, SqliteCmsDbContext, PostgresCmsDbContext>("cms.db");
    builder.Services.AddPlatformHealth<CmsDbContext>();
    builder.AddStaffIdentity();
    builder.AddPrograms();
    builder.AddWebhooks();
    builder.AddContentApi();
    builder.Services.AddOpenApi();
    builder.Services.AddRazorPages(o => o.Conventions.AuthorizeFolder("/", StaffIdentity.StaffPolicy).AllowAnonymousToFolder("/Account")
        .AllowAnonymousToPage("/Error"));

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
    app.MapOpenApi("/openapi/{documentName}.json");
    app.MapContentApi();
    app.MapManagementApi();
    app.MapRazorPages();
    await app.RunAsync();
    return 0;
});
