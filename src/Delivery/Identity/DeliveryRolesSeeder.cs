using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.Identity;

/// <summary>Creates the roles at start-up (after the schema), so self sign-up and invitations can always assign "patient".</summary>
internal sealed class DeliveryRolesSeeder(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in DeliveryRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new IdentityRole(role));
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
