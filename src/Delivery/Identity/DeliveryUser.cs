using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.Identity;

/// <summary>A patient or a member of staff in care (therapist, clinic admin, analyst).</summary>
public sealed class DeliveryUser : IdentityUser
{
    public string DisplayName { get; set; } = "";

    /// <summary>nb or nn; the patient's choice is remembered across devices.</summary>
    public string PreferredCulture { get; set; } = "nb";
}

public static class DeliveryRoles
{
    public const string Patient = "patient";
    public const string Therapist = "therapist";
    public const string ClinicAdmin = "clinic-admin";
    public const string Analyst = "analyst";
    public static readonly string[] All = [Patient, Therapist, ClinicAdmin, Analyst];
}
