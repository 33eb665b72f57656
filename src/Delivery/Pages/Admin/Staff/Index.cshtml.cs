using ContentPlatform.Contract.Text;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.StaffAdmin;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Admin.Staff;

public enum StaffStatus
{
    Active,
    Invited,
    Deactivated,
}

public sealed record StaffRow(string Id, string Name, string Email, IReadOnlyList<string> Roles, StaffStatus Status, string Organisation);

/// <summary>
/// /admin/staff: the clinic admin invites staff by e-mail, gives and takes roles, deactivates and re-activates accounts,
/// and gives care teams whose lead was deactivated a new one. Every action goes to the staff audit log shown below.
/// All of it within the admin's own organisation (<see cref="StaffOrganisations"/>): another organisation's staff member
/// is not found here, and staff are invited into the admin's organisation only; a staff member may be moved to another.
/// </summary>
[Authorize(Policy = DeliveryRoles.ClinicAdmin)]
public sealed class IndexModel(DeliveryDbContext db, UserManager<DeliveryUser> users, StaffLifecycle<DeliveryUser> lifecycle, CareTeamLeads leads,
    StaffOrganisations organisations, IStringLocalizer<SharedResource> s) : PageModel
{
    private DeliveryUser? _me;

    public IReadOnlyList<StaffRow> Staff { get; private set; } = [];
    public IReadOnlyList<TeamWithoutLead> TeamsWithoutLead { get; private set; } = [];
    public IReadOnlyList<DeliveryUser> PossibleLeads { get; private set; } = [];
    public IReadOnlyList<StaffAuditEntry> Audit { get; private set; } = [];
    public List<string> Errors { get; } = [];
    public string? Message { get; private set; }
    public string? InviteName { get; private set; }
    public string? InviteEmail { get; private set; }
    public string InviteCulture { get; private set; } = "nb";
    public IReadOnlyList<string> InviteRoles { get; private set; } = [];

    /// <summary>The admin's own organisation's name: the one they invite into and whose staff they see.</summary>
    public string Organisation { get; private set; } = "";

    /// <summary>Every organisation of the installation: one needs no choosing, so the page shows no choice then.</summary>
    public IReadOnlyList<string> Organisations => organisations.Names;

    public async Task OnGetAsync(CancellationToken ct)
    {
        InviteCulture = CultureSwitch.IsSupported(PageCulture) ? PageCulture : "nb";
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostInviteAsync(string? name, string? email, string? culture, string[]? roles, string? organisation, CancellationToken ct)
    {
        (InviteName, InviteEmail, InviteCulture) = (name, email, CultureSwitch.IsSupported(culture) ? culture! : "nb");
        InviteRoles = Chosen(roles);
        var mine = organisations.KeyOf(await MeAsync());
        if (organisation is not null && (!organisations.TryKeyOfName(organisation, out var chosen) || chosen != mine))
        {
            // The form offers the admin's own organisation only: another one is a forged or stale form.
            Errors.Add(s["StaffOrganisationNotYours"]);
            Response.StatusCode = StatusCodes.Status403Forbidden;
            await LoadAsync(ct);
            return Page();
        }
        if (TextInput.IsBlank(name))
        {
            Errors.Add(s["StaffNameRequired"]);
        }
        if (string.IsNullOrWhiteSpace(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            Errors.Add(s["StaffEmailRequired"]);
        }
        if (InviteRoles.Count == 0)
        {
            Errors.Add(s["StaffRoleRequired"]);
        }
        if (Errors.Count == 0)
        {
            var user = new DeliveryUser
            {
                UserName = email!.Trim(), Email = email.Trim(), DisplayName = TextInput.Name(name), PreferredCulture = InviteCulture, Organisation = mine,
            };
            var errors = await lifecycle.InviteAsync(user, user.DisplayName, InviteRoles, InviteCulture, $"{Request.Scheme}://{Request.Host}", await ActorAsync(), ct);
            if (errors.Count == 0)
            {
                return Done("StaffInvited", user.Email);
            }
            Errors.AddRange(errors.Select(e => e.Code is "DuplicateEmail" or "DuplicateUserName" ? s["EmailTaken"].Value : s["StaffEmailRequired"].Value).Distinct());
        }
        Response.StatusCode = StatusCodes.Status400BadRequest;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostRolesAsync(string id, string[]? roles, CancellationToken ct)
    {
        if (await StaffMemberAsync(id) is not { } target)
        {
            return NotFound();
        }
        var chosen = Chosen(roles);
        if (chosen.Count == 0)
        {
            return await RefuseAsync("StaffRoleRequired", ct);
        }
        if (!chosen.Contains(DeliveryRoles.ClinicAdmin) && await organisations.IsLastActiveAdminAsync(target))
        {
            return await RefuseAsync("LastClinicAdmin", ct);
        }
        await lifecycle.SetRolesAsync(target, chosen, DeliveryRoles.Staff, await ActorAsync());
        return Done("StaffRolesSaved", target.DisplayName);
    }

    public async Task<IActionResult> OnPostDeactivateAsync(string id, CancellationToken ct)
    {
        if (await StaffMemberAsync(id) is not { } target)
        {
            return NotFound();
        }
        if (await organisations.IsLastActiveAdminAsync(target))
        {
            return await RefuseAsync("LastClinicAdmin", ct);
        }
        if (!StaffLifecycle.IsDeactivated(target))
        {
            await lifecycle.DeactivateAsync(target, await ActorAsync());
        }
        return Done("StaffDeactivated", target.DisplayName);
    }

    public async Task<IActionResult> OnPostReactivateAsync(string id)
    {
        if (await StaffMemberAsync(id) is not { } target)
        {
            return NotFound();
        }
        if (StaffLifecycle.IsDeactivated(target))
        {
            await lifecycle.ReactivateAsync(target, await ActorAsync());
        }
        return Done("StaffReactivated", target.DisplayName);
    }

    public async Task<IActionResult> OnPostOrganisationAsync(string id, string? organisation, CancellationToken ct)
    {
        if (await StaffMemberAsync(id) is not { } target)
        {
            return NotFound();
        }
        if (!organisations.TryKeyOfName(organisation, out var key))
        {
            return await RefuseAsync("StaffOrganisationUnknown", ct);
        }
        if (key == organisations.KeyOf(target))
        {
            return Done("StaffOrganisationSaved", target.DisplayName);
        }
        if (await organisations.IsLastActiveAdminAsync(target))
        {
            return await RefuseAsync("LastClinicAdmin", ct);
        }
        await organisations.MoveAsync(target, key, await ActorAsync(), ct);
        return Done("StaffOrganisationSaved", target.DisplayName);
    }

    public async Task<IActionResult> OnPostLeadAsync(Guid enrollmentId, string? leadId, CancellationToken ct)
    {
        var mine = organisations.KeyOf(await MeAsync());
        var possible = await leads.PossibleLeadsAsync(mine, ct);
        if (possible.FirstOrDefault(u => u.Id == leadId) is not { } lead)
        {
            return await RefuseAsync("ChooseNewLead", ct);
        }
        if ((await leads.WithoutLeadAsync(mine, ct)).All(t => t.EnrollmentId != enrollmentId))
        {
            return NotFound(); // a team another organisation's admin reassigns
        }
        var (done, formerLeadId) = await leads.ReassignAsync(enrollmentId, lead, ct);
        if (!done)
        {
            return await RefuseAsync("LeadAlreadyAssigned", ct);
        }
        var former = await users.FindByIdAsync(formerLeadId!);
        // The audit names staff only: the team is not identified (that would tie a patient to this log).
        await lifecycle.RecordAsync(await ActorAsync(), StaffAuditActions.LeadAssigned, lead, former?.DisplayName ?? "");
        return Done("LeadAssigned", lead.DisplayName);
    }

    private static string PageCulture => System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName;

    private static List<string> Chosen(string[]? roles) => [.. (roles ?? []).Where(DeliveryRoles.Staff.Contains).Distinct()];

    /// <summary>Staff accounts of the admin's own organisation only: patients and other organisations' staff are not administered here.</summary>
    private async Task<DeliveryUser?> StaffMemberAsync(string id) =>
        await users.FindByIdAsync(id) is { } user && organisations.KeyOf(user) == organisations.KeyOf(await MeAsync()) &&
        (await users.GetRolesAsync(user)).Any(DeliveryRoles.Staff.Contains) ? user : null;

    private async Task<DeliveryUser> MeAsync() => _me ??= (await users.GetUserAsync(User))!;

    private async Task<StaffActor> ActorAsync()
    {
        var me = await MeAsync();
        return new StaffActor(me.Id, me.DisplayName);
    }

    private async Task<IActionResult> RefuseAsync(string key, CancellationToken ct)
    {
        Errors.Add(s[key]);
        Response.StatusCode = StatusCodes.Status409Conflict;
        await LoadAsync(ct);
        return Page();
    }

    private RedirectToPageResult Done(string key, string? who)
    {
        TempData["Message"] = s[key, who ?? ""].Value;
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        var roleNames = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name ?? "", ct);
        var staffRoleIds = roleNames.Where(r => DeliveryRoles.Staff.Contains(r.Value)).Select(r => r.Key).ToList();
        var links = await db.UserRoles.AsNoTracking().Where(ur => staffRoleIds.Contains(ur.RoleId)).ToListAsync(ct);
        var ids = links.Select(l => l.UserId).Distinct().ToList();
        var me = await MeAsync();
        var mine = organisations.KeyOf(me);
        Organisation = organisations.NameOf(me);
        // Filtered here: an organisation is kept by its key, and a name no longer mapped counts as the default one.
        var people = (await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).OrderBy(u => u.DisplayName).ToListAsync(ct))
            .Where(u => organisations.KeyOf(u) == mine).ToList();
        var pending = await lifecycle.PendingInvitationsAsync(ct);
        Staff = [.. people.Select(u => new StaffRow(u.Id, u.DisplayName, u.Email ?? "",
            [.. DeliveryRoles.Staff.Where(r => links.Any(l => l.UserId == u.Id && roleNames[l.RoleId] == r))],
            StaffLifecycle.IsDeactivated(u) ? StaffStatus.Deactivated : u.PasswordHash is null || pending.Contains(u.Id) ? StaffStatus.Invited : StaffStatus.Active,
            Organisation))];
        TeamsWithoutLead = await leads.WithoutLeadAsync(mine, ct);
        PossibleLeads = TeamsWithoutLead.Count == 0 ? [] : await leads.PossibleLeadsAsync(mine, ct);
        // The log of the organisation's own staff (and of what its admins did), not of every organisation's.
        var own = people.Select(u => u.Id).Append(me.Id).ToList();
        Audit = await db.Set<StaffAuditEntry>().AsNoTracking().Where(a => own.Contains(a.TargetId) || own.Contains(a.ActorId))
            .OrderByDescending(a => a.Id).Take(100).ToListAsync(ct);
    }
}
