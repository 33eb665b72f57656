using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.StaffAdmin;

/// <summary>
/// A clinic admin manages the staff of their own organisation only (<see cref="DeliveryUser.Organisation"/>, by its key
/// in the <see cref="ThemeCatalog"/>): they see, change and move no one else, and the "at least one active clinic admin"
/// rule holds per organisation, so no organisation is left without someone to manage it.
/// </summary>
public sealed class StaffOrganisations(DeliveryDbContext db, UserManager<DeliveryUser> users, StaffLifecycle<DeliveryUser> lifecycle, ThemeCatalog catalog)
{
    /// <summary>Audit action: a staff member moved to another organisation (detail "from → to"); worded by Platform's strings.</summary>
    public const string OrganisationChanged = "organisation-changed";

    public string KeyOf(DeliveryUser user) => catalog.KeyOf(user.Organisation);

    public string NameOf(DeliveryUser user) => catalog.NameOf(user.Organisation);

    public IReadOnlyList<string> Names => catalog.OrganisationNames;

    public bool TryKeyOfName(string? name, out string key) => catalog.TryKeyOfName(name, out key);

    /// <summary>Whether taking the clinic-admin role from <paramref name="user"/> (or deactivating or moving them) leaves their organisation without one.</summary>
    public async Task<bool> IsLastActiveAdminAsync(DeliveryUser user) =>
        !StaffLifecycle.IsDeactivated(user) && await users.IsInRoleAsync(user, DeliveryRoles.ClinicAdmin) &&
        !(await users.GetUsersInRoleAsync(DeliveryRoles.ClinicAdmin)).Any(a => a.Id != user.Id && !StaffLifecycle.IsDeactivated(a) && KeyOf(a) == KeyOf(user));

    /// <summary>Moves <paramref name="user"/> to the organisation <paramref name="key"/>, with its audit entry, in one transaction.</summary>
    public async Task MoveAsync(DeliveryUser user, string key, StaffActor actor, CancellationToken ct)
    {
        var from = NameOf(user);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        user.Organisation = key;
        var updated = await users.UpdateAsync(user);
        if (!updated.Succeeded)
        {
            throw new InvalidOperationException(string.Join("; ", updated.Errors.Select(e => e.Description)));
        }
        await lifecycle.RecordAsync(actor, OrganisationChanged, user, $"{from} → {NameOf(user)}");
        await transaction.CommitAsync(ct);
    }
}
