using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.StaffAdmin;

/// <summary>
/// The first administrator of a Production installation comes from `create-admin`, which prints a one-time link; the
/// demo accounts are Development only. The real executables run, as an operator would run them.
/// </summary>
public sealed class CreateAdminCommandTests
{
    private static readonly Dictionary<string, string?> ProductionSettings = new()
    {
        ["AccessLog:ChainKey"] = AppFactory<object>.TestAccessLogKey,
        ["Mail:Smtp:Host"] = "127.0.0.1", // validated at start-up in Production; nothing is sent by these commands
        ["Mail:From:Address"] = "noreply@test.example.no",
    };

    [Fact]
    public async Task Delivery_create_admin_in_Production_prints_a_link_that_makes_a_clinic_admin_of_the_named_organisation_and_demo_accounts_is_refused()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var (demoExit, demoOutput) = await StaffAdminSteps.RunAppAsync("Delivery", "Production", app.Database, ProductionSettings, "demo-accounts");
        Assert.Equal(2, demoExit);
        Assert.Contains("only in the Development environment", demoOutput);

        var twoOrganisations = new Dictionary<string, string?>(ProductionSettings) { ["Theme:Organisations:Helse Lyng"] = "lyng" };
        var (unknownExit, unknownOutput) = await StaffAdminSteps.RunAppAsync("Delivery", "Production", app.Database, twoOrganisations,
            "create-admin", "--email", "first@example.no", "--organisation", "Helse Nord");
        Assert.Equal(2, unknownExit);
        Assert.Contains("--organisation 'Helse Nord' is not an organisation of this installation. Known: 'Helse Fjord', 'Helse Lyng'", unknownOutput);
        Assert.False(await app.DbAsync(d => d.Users.AnyAsync(u => u.Email == "first@example.no")));

        var (exit, output) = await StaffAdminSteps.RunAppAsync("Delivery", "Production", app.Database, twoOrganisations,
            "create-admin", "--email", "first@example.no", "--base-url", "https://behandling.example.no", "--organisation", "Helse Lyng");
        Assert.True(exit == 0, output);
        Assert.Equal("Helse Lyng", await app.DbAsync(d => d.Users.Where(u => u.Email == "first@example.no").Select(u => u.Organisation).SingleAsync()));
        var link = StaffAdminSteps.LinkPattern().Match(output).Value;
        Assert.StartsWith("https://behandling.example.no/account/staff-invitation/", link, StringComparison.Ordinal);

        using var admin = await app.AcceptInvitationAsync(link);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/staff")).StatusCode);
        Assert.True(await app.Services.IsInRoleAsync("first@example.no", DeliveryRoles.ClinicAdmin));
    }

    [Fact]
    public async Task Cms_create_admin_in_Production_prints_a_link_that_makes_an_admin()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var (exit, output) = await StaffAdminSteps.RunAppAsync("Cms", "Production", app.Database, ProductionSettings,
            "create-admin", "--email", "first@example.no", "--base-url", "https://cms.example.no");
        Assert.True(exit == 0, output);
        var link = StaffAdminSteps.LinkPattern().Match(output).Value;

        using var admin = await app.AcceptInvitationAsync(link);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }
}
