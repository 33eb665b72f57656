using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.StaffAdmin;

public enum StaffInvitationState
{
    Valid,
    Unknown,
    Used,
    Expired,
}

/// <summary>Who took an admin action, as the audit log records it.</summary>
public sealed record StaffActor(string Id, string Name)
{
    /// <summary>The create-admin command: there is no signed-in admin, only whoever runs the server's command line.</summary>
    public static StaffActor CommandLine { get; } = new(StaffLifecycle.CommandLineActor, "create-admin");
}

/// <summary>
/// A staff account's life, the same in both apps: invited by e-mail (or created by the create-admin command) with a
/// one-time link to choose a password, given and relieved of roles, deactivated and re-activated, every step written to
/// the staff audit log (docs/security.md, "Staff administration"). Deactivation is a lockout without end, so Identity
/// refuses every sign-in, and <see cref="RevokingUserManager{TUser}"/> ends the person's sessions and live connections at
/// once. This part is what the shared pages need; the app pages use <see cref="StaffLifecycle{TUser}"/>.
/// </summary>
public abstract class StaffLifecycle
{
    public const string CommandLineActor = "command-line";
    public const string InvitationPath = "/account/staff-invitation/";
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromHours(24);

    public abstract Task<(StaffInvitationState State, string? Email)> FindInvitationAsync(string code, CancellationToken ct);

    /// <summary>
    /// Sets the password and uses up the link. Errors are Identity's (a password too short); nothing is changed then and
    /// the link still works.
    /// </summary>
    public abstract Task<(StaffInvitationState State, string? Email, IReadOnlyList<IdentityError> Errors)> AcceptInvitationAsync(
        string code, string password, CancellationToken ct);

    /// <summary>A lockout without end (PostgreSQL keeps microseconds, so the year is compared, not the exact maximum).</summary>
    public static bool IsDeactivated(IdentityUser user) => user.LockoutEnd is { Year: >= 9999 };

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    public static string Link(string baseUrl, string code) => baseUrl.TrimEnd('/') + InvitationPath + code;
}

public sealed class StaffLifecycle<TUser>(UserManager<TUser> users, RoleManager<IdentityRole> roles, DbContext db, TimeProvider clock,
    IStringLocalizer<SharedResource> s, PlatformAccounts accounts) : StaffLifecycle where TUser : IdentityUser
{
    /// <summary>
    /// Creates the account without a password, gives it <paramref name="roleNames"/> and queues the invitation mail in
    /// <paramref name="culture"/> (nb or nn) — all in one transaction, so a refused address leaves nothing behind.
    /// </summary>
    public async Task<IReadOnlyList<IdentityError>> InviteAsync(TUser user, string displayName, IReadOnlyCollection<string> roleNames,
        string culture, string baseUrl, StaffActor actor, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user);
        if (!created.Succeeded)
        {
            return [.. created.Errors];
        }
        await EnsureRolesAsync(roleNames);
        var added = await users.AddToRolesAsync(user, roleNames);
        if (!added.Succeeded)
        {
            return [.. added.Errors];
        }
        var code = await NewInvitationAsync(user.Id, ct);
        var site = accounts.AuthenticatorIssuer;
        var link = Link(baseUrl, code);
        db.QueueMail(new MailDraft(user.Email!, culture, In(culture, "StaffInviteMailSubject", site),
            In(culture, "StaffInviteMailBody", displayName, site, link)));
        Audit(actor, StaffAuditActions.Invited, user, string.Join(", ", roleNames.Order()));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return [];
    }

    /// <summary>
    /// The create-admin command: finds or creates the account, makes it an active <paramref name="adminRole"/> and returns
    /// a one-time link to choose a password. The only way to an administrator outside Development besides an admin's page.
    /// </summary>
    public async Task<(string? Link, IReadOnlyList<IdentityError> Errors)> CreateAdminAsync(string email, string adminRole, string baseUrl,
        Func<string, TUser> newUser, CancellationToken ct, Action<TUser>? updateExisting = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = newUser(email);
            var created = await users.CreateAsync(user);
            if (!created.Succeeded)
            {
                return (null, [.. created.Errors]);
            }
        }
        else if (updateExisting is not null)
        {
            updateExisting(user);
            await users.UpdateAsync(user);
        }
        if (!await users.IsInRoleAsync(user, adminRole))
        {
            await EnsureRolesAsync([adminRole]);
            await users.AddToRoleAsync(user, adminRole);
        }
        if (IsDeactivated(user))
        {
            await users.SetLockoutEndDateAsync(user, null);
        }
        var code = await NewInvitationAsync(user.Id, ct);
        Audit(StaffActor.CommandLine, StaffAuditActions.AdminCreated, user, adminRole);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return (Link(baseUrl, code), []);
    }

    public override async Task<(StaffInvitationState State, string? Email)> FindInvitationAsync(string code, CancellationToken ct)
    {
        var (state, _, user) = await LookUpAsync(code, ct);
        return (state, user?.Email);
    }

    public override async Task<(StaffInvitationState State, string? Email, IReadOnlyList<IdentityError> Errors)> AcceptInvitationAsync(
        string code, string password, CancellationToken ct)
    {
        var (state, invitation, user) = await LookUpAsync(code, ct);
        if (state != StaffInvitationState.Valid)
        {
            return (state, user?.Email, []);
        }
        var errors = new List<IdentityError>();
        foreach (var validator in users.PasswordValidators)
        {
            var result = await validator.ValidateAsync(users, user!, password);
            errors.AddRange(result.Errors);
        }
        if (errors.Count > 0)
        {
            return (state, user!.Email, errors);
        }
        // Claimed with a conditional update, so two tabs (or two instances) racing with one link set one password.
        var now = clock.GetUtcNow();
        if (await db.Set<StaffInvitation>().Where(i => i.Id == invitation!.Id && i.UsedAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.UsedAt, now), ct) != 1)
        {
            return (StaffInvitationState.Used, user!.Email, []);
        }
        // A new account has no password and no session: adding one revokes nothing (a revocation now would also check
        // the session signed in a moment later against the stamp that enrolling the authenticator renews, and end it).
        // Someone who had a password (create-admin for an existing account) gets a reset, which ends their old sessions.
        var reset = await users.HasPasswordAsync(user!)
            ? await users.ResetPasswordAsync(user!, await users.GeneratePasswordResetTokenAsync(user!), password)
            : await users.AddPasswordAsync(user!, password);
        if (!reset.Succeeded)
        {
            return (state, user!.Email, [.. reset.Errors]);
        }
        if (!user!.EmailConfirmed)
        {
            user.EmailConfirmed = true; // the link came by e-mail (or from the server's operator)
            await users.UpdateAsync(user);
        }
        Audit(new StaffActor(user.Id, user.Email ?? ""), StaffAuditActions.InvitationAccepted, user, "");
        await db.SaveChangesAsync(ct);
        return (state, user.Email, []);
    }

    /// <summary>Gives and takes away roles among <paramref name="managed"/>, one audit entry per change; effective at once.</summary>
    public async Task SetRolesAsync(TUser user, IReadOnlyCollection<string> chosen, IReadOnlyCollection<string> managed, StaffActor actor)
    {
        var current = await users.GetRolesAsync(user);
        var removed = current.Where(managed.Contains).Except(chosen).ToList();
        var added = chosen.Where(managed.Contains).Except(current).ToList();
        if (removed.Count == 0 && added.Count == 0)
        {
            return;
        }
        await EnsureRolesAsync(added);
        await users.RemoveFromRolesAsync(user, removed);
        await users.AddToRolesAsync(user, added);
        // A role given or taken applies at once, not at the next sign-in: the old cookie is refused (RevokingUserManager).
        await users.UpdateSecurityStampAsync(user);
        foreach (var role in removed)
        {
            Audit(actor, StaffAuditActions.RoleRemoved, user, role);
        }
        foreach (var role in added)
        {
            Audit(actor, StaffAuditActions.RoleAdded, user, role);
        }
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Ends the account's access: sign-in refused, sessions and live hub connections ended at once on every instance, open
    /// invitation links withdrawn.
    /// </summary>
    public async Task DeactivateAsync(TUser user, StaffActor actor)
    {
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue); // RevokingUserManager revokes on a future lockout
        await db.Set<StaffInvitation>().Where(i => i.UserId == user.Id && i.UsedAt == null).ExecuteDeleteAsync();
        Audit(actor, StaffAuditActions.Deactivated, user, "");
        await db.SaveChangesAsync();
    }

    public async Task ReactivateAsync(TUser user, StaffActor actor)
    {
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        Audit(actor, StaffAuditActions.Reactivated, user, "");
        await db.SaveChangesAsync();
    }

    /// <summary>Records an action the app took itself (a second-factor reset, a care team's new lead).</summary>
    public async Task RecordAsync(StaffActor actor, string action, TUser target, string detail)
    {
        Audit(actor, action, target, detail);
        await db.SaveChangesAsync();
    }

    /// <summary>
    /// Whether taking <paramref name="adminRole"/> from <paramref name="user"/> (or deactivating them) would leave no active
    /// administrator: nobody could then manage staff without the command line.
    /// </summary>
    public async Task<bool> IsLastActiveAdminAsync(TUser user, string adminRole) =>
        !IsDeactivated(user) && await users.IsInRoleAsync(user, adminRole) &&
        !(await users.GetUsersInRoleAsync(adminRole)).Any(a => a.Id != user.Id && !IsDeactivated(a));

    public async Task<IReadOnlyList<StaffAuditEntry>> RecentAuditAsync(int count, CancellationToken ct) =>
        await db.Set<StaffAuditEntry>().AsNoTracking().OrderByDescending(a => a.Id).Take(count).ToListAsync(ct);

    /// <summary>Accounts with a link not yet used (and not expired): shown as "invited" on the admin pages.</summary>
    public async Task<HashSet<string>> PendingInvitationsAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var open = await db.Set<StaffInvitation>().AsNoTracking().Where(i => i.UsedAt == null)
            .Select(i => new { i.UserId, i.ExpiresAt }).ToListAsync(ct);
        return [.. open.Where(i => i.ExpiresAt > now).Select(i => i.UserId)]; // compared here: SQLite cannot compare DateTimeOffset
    }

    private async Task<string> NewInvitationAsync(string userId, CancellationToken ct)
    {
        // A new link replaces any older one still open, so only the latest mail works.
        await db.Set<StaffInvitation>().Where(i => i.UserId == userId && i.UsedAt == null).ExecuteDeleteAsync(ct);
        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.Set<StaffInvitation>().Add(new StaffInvitation { UserId = userId, CodeHash = Hash(code), CreatedAt = now, ExpiresAt = now + InvitationLifetime });
        return code;
    }

    private async Task<(StaffInvitationState, StaffInvitation?, TUser?)> LookUpAsync(string code, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(code) || code.Length > 100)
        {
            return (StaffInvitationState.Unknown, null, null);
        }
        var hash = Hash(code);
        var invitation = await db.Set<StaffInvitation>().AsNoTracking().FirstOrDefaultAsync(i => i.CodeHash == hash, ct);
        var user = invitation is null ? null : await users.FindByIdAsync(invitation.UserId);
        if (invitation is null || user is null || IsDeactivated(user))
        {
            return (StaffInvitationState.Unknown, null, null);
        }
        if (invitation.UsedAt is not null)
        {
            return (StaffInvitationState.Used, invitation, user);
        }
        return invitation.ExpiresAt <= clock.GetUtcNow() ? (StaffInvitationState.Expired, invitation, user) : (StaffInvitationState.Valid, invitation, user);
    }

    private void Audit(StaffActor actor, string action, TUser target, string detail) =>
        db.Set<StaffAuditEntry>().Add(new StaffAuditEntry
        {
            At = clock.GetUtcNow(), ActorId = actor.Id, ActorName = actor.Name, Action = action, TargetId = target.Id,
            TargetEmail = target.Email ?? "", Detail = detail,
        });

    private async Task EnsureRolesAsync(IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (!await roles.RoleExistsAsync(name))
            {
                await roles.CreateAsync(new IdentityRole(name));
            }
        }
    }

    /// <summary>A text in the recipient's language, not the admin's (the request's).</summary>
    private string In(string culture, string key, params object[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return s[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
