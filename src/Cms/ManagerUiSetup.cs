using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Programs;

namespace ContentPlatform.Cms;

/// <summary>The content team's pages: staff-only everywhere, admins only under /Admin, a second factor before anything.</summary>
public static class ManagerUiSetup
{
    public static WebApplicationBuilder AddManagerUi(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddScoped<ProgramWorkflow>();
        builder.Services.AddHostedService<ScheduledPublisher>();
        builder.Services.AddRazorPages(o => o.Conventions
                .AuthorizeFolder("/", StaffIdentity.StaffPolicy)
                .AuthorizeFolder("/Admin", StaffRoles.Admin)
                .AllowAnonymousToFolder("/Account")
                .AllowAnonymousToPage("/Error"))
            .AddMvcOptions(o => o.Filters.Add<SecondFactorFilter>());
        return builder;
    }
}
