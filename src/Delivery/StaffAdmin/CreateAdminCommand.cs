using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.StaffAdmin;

namespace ContentPlatform.Delivery.StaffAdmin;

/// <summary>`delivery create-admin --email …`: the first clinic admin (Platform's <see cref="CreateAdminCommand"/>).</summary>
public static class DeliveryCreateAdmin
{
    public static Task<int> RunAsync(WebApplication app, string[] args) =>
        CreateAdminCommand.RunAsync(app, args, DeliveryRoles.ClinicAdmin,
            email => new DeliveryUser { UserName = email, Email = email, DisplayName = email.Split('@')[0] });
}
