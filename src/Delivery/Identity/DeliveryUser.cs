using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Identity;

/// <summary>A patient or a member of staff in care (therapist, clinic admin, analyst).</summary>
public sealed class DeliveryUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>
    /// nb or nn once the user has chosen (at sign-up or with the language switch), remembered across devices; empty until
    /// then, so the browser's own language decides.
    /// </summary>
    public string PreferredCulture { get; set; } = "";

    /// <summary>
    /// Staff: the organisation (trust or clinic) they work for, by its key in the theme catalog (a mapped organisation's
    /// name, or "" for the installation's default one): their pages wear its theme, its clinic admins manage them, and a
    /// clinic admin gets the red-alert escalations of its programs only. Patients leave it empty: theirs is their program's.
    /// </summary>
    public string Organisation { get; set; } = "";
}

/// <summary>Existing accounts get "" from the migration: the default organisation.</summary>
internal sealed class DeliveryUserConfiguration : IEntityTypeConfiguration<DeliveryUser>
{
    public void Configure(EntityTypeBuilder<DeliveryUser> builder) => builder.Property(u => u.Organisation).HasMaxLength(100);
}

public static class DeliveryRoles
{
    public const string Patient = "patient";
    public const string Therapist = "therapist";
    public const string ClinicAdmin = "clinic-admin";
    public const string Analyst = "analyst";

    /// <summary>
    /// May export pseudonymised per-patient rows for the research or quality-register projects that list them; reading
    /// indicators (aggregates) is the analyst role (docs/analytics.md, "Who may export").
    /// </summary>
    public const string Researcher = "researcher";

    public static readonly string[] All = [Patient, Therapist, ClinicAdmin, Analyst, Researcher];

    /// <summary>Everyone but patients: they see health data or its aggregates, so a second factor is mandatory.</summary>
    public static readonly string[] Staff = [Therapist, ClinicAdmin, Analyst, Researcher];
}
