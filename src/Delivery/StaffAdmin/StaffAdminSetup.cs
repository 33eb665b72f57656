namespace ContentPlatform.Delivery.StaffAdmin;

public static class StaffAdminSetup
{
    /// <summary>/admin/staff: the clinic admin's staff administration (the account lifecycle itself is Platform's StaffLifecycle).</summary>
    public static WebApplicationBuilder AddStaffAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<CareTeamLeads>();
        builder.Services.AddScoped<StaffOrganisations>();
        return builder;
    }
}
