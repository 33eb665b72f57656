using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.StaffAdmin;

public static class StaffAdminSetup
{
    /// <summary>Registered by <see cref="IdentitySetup.AddPlatformIdentity{TUser, TContext}"/>: every app with accounts has it.</summary>
    public static IServiceCollection AddStaffLifecycle<TUser, TContext>(this IServiceCollection services)
        where TUser : IdentityUser
        where TContext : DbContext
    {
        services.AddScoped(sp => new StaffLifecycle<TUser>(sp.GetRequiredService<UserManager<TUser>>(),
            sp.GetRequiredService<RoleManager<IdentityRole>>(), sp.GetRequiredService<TContext>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IStringLocalizer<SharedResource>>(), sp.GetRequiredService<PlatformAccounts>()));
        services.AddScoped<StaffLifecycle>(sp => sp.GetRequiredService<StaffLifecycle<TUser>>());
        return services;
    }
}
