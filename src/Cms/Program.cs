using ContentPlatform.Cms;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media;
using ContentPlatform.Shared.Hosting;

return await AppRunner.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.AddPlatformDefaults();
    builder.AddPlatformDatabase<CmsDbContext, SqliteCmsDbContext, PostgresCmsDbContext>("cms.db");
    builder.Services.AddPlatformHealth<CmsDbContext>();
    builder.AddStaffIdentity();
    builder.AddMedia();
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
    app.MapRazorPages();
    app.MapMedia();
    await app.RunAsync();
    return 0;
});
