using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Platform.StaffAdmin;

namespace ContentPlatform.Delivery.StaffAdmin;

/// <summary>
/// `delivery create-admin --email … [--organisation NAME]`: the first clinic admin of an organisation (Platform's
/// <see cref="CreateAdminCommand"/>). Without --organisation the account is in the default organisation; an existing
/// account keeps its organisation unless one is named.
/// </summary>
public static class DeliveryCreateAdmin
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        var catalog = app.Services.GetRequiredService<ThemeCatalog>();
        var named = args.SkipWhile(a => a != "--organisation").Skip(1).FirstOrDefault();
        var organisation = "";
        if (args.Contains("--organisation") && !catalog.TryKeyOfName(named, out organisation))
        {
            await Console.Error.WriteLineAsync($"--organisation '{named}' is not an organisation of this installation. Known: " +
                $"{string.Join(", ", catalog.OrganisationNames.Select(n => $"'{n}'"))} (the default one, Theme:Organisation, and the keys of Theme:Organisations).");
            return 2;
        }
        return await CreateAdminCommand.RunAsync(app, args, DeliveryRoles.ClinicAdmin,
            email => new DeliveryUser { UserName = email, Email = email, DisplayName = email.Split('@')[0], Organisation = organisation },
            named is null ? null : user => user.Organisation = organisation);
    }
}
