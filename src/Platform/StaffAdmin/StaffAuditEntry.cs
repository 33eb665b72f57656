using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Platform.StaffAdmin;

/// <summary>
/// One administrative action on a staff account: who did it, what, to whom, when. Never health data — no patient, no
/// program; a care-team reassignment names the staff involved only. Rows are only ever added (the application never
/// updates or deletes them), and the admin pages show them newest first: by <see cref="Id"/>, which grows with
/// time (SQLite cannot order by a DateTimeOffset column).
/// </summary>
public sealed class StaffAuditEntry
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>The admin's user id, or <see cref="StaffLifecycle.CommandLineActor"/> for the create-admin command.</summary>
    public required string ActorId { get; init; }

    public required string ActorName { get; init; }

    /// <summary>One of <see cref="StaffAuditActions"/>.</summary>
    public required string Action { get; init; }

    public required string TargetId { get; init; }

    /// <summary>The target's e-mail address when the action was taken (kept if the account is later renamed).</summary>
    public required string TargetEmail { get; init; }

    /// <summary>The role added or removed, or the previous lead's name on a reassignment; empty otherwise.</summary>
    public string Detail { get; init; } = "";
}

/// <summary>What an admin did; the pages word each in nb or nn (string key "Audit_" + action).</summary>
public static class StaffAuditActions
{
    public const string Invited = "invited";
    public const string AdminCreated = "admin-created";
    public const string InvitationAccepted = "invitation-accepted";
    public const string RoleAdded = "role-added";
    public const string RoleRemoved = "role-removed";
    public const string Deactivated = "deactivated";
    public const string Reactivated = "reactivated";
    public const string SecondFactorReset = "second-factor-reset";
    public const string LeadAssigned = "lead-assigned";
}

internal sealed class StaffAuditEntryConfiguration : IEntityTypeConfiguration<StaffAuditEntry>
{
    public void Configure(EntityTypeBuilder<StaffAuditEntry> builder)
    {
        builder.ToTable("StaffAuditLog");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorId).HasMaxLength(450);
        builder.Property(a => a.ActorName).HasMaxLength(200);
        builder.Property(a => a.Action).HasMaxLength(32);
        builder.Property(a => a.TargetId).HasMaxLength(450);
        builder.Property(a => a.TargetEmail).HasMaxLength(256);
        builder.Property(a => a.Detail).HasMaxLength(200);
    }
}

public static class StaffAdminModel
{
    /// <summary>The staff-administration tables, in each app's DbContext (its OnModelCreating calls this).</summary>
    public static ModelBuilder AddStaffAdministration(this ModelBuilder builder)
    {
        builder.ApplyConfiguration(new StaffInvitationConfiguration());
        builder.ApplyConfiguration(new StaffAuditEntryConfiguration());
        return builder;
    }
}
