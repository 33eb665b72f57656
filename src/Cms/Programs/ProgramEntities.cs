using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Cms.Programs;

public enum WorkflowState
{
    Draft,
    InReview,
    Approved,
}

/// <summary>
/// A program being edited. The whole content tree is one JSON document (the same <see cref="ProgramContent"/> a release
/// freezes), because editors save, diff, restore and publish whole programs; the tree's ids live inside it.
/// </summary>
public sealed class ProgramDraft
{
    public required string Id { get; set; }
    public required string Slug { get; set; }
    public string Organisation { get; set; } = "";
    public required string DocumentJson { get; set; }

    /// <summary>When each text was last edited, per field and language: the basis for staleness.</summary>
    public string TranslationLogJson { get; set; } = "{}";

    /// <summary>Bumped on every save; clients send it back (If-Match) so no one overwrites a newer save unseen.</summary>
    public int Version { get; set; }

    public WorkflowState State { get; set; }

    /// <summary>The revision a reviewer approved; publishing publishes exactly this one.</summary>
    public int? ApprovedRevision { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    public string? ApprovalComment { get; set; }

    /// <summary>The reviewer's last "send back" comment, shown to editors until the next submit.</summary>
    public string? ReviewComment { get; set; }

    public DateTimeOffset? ScheduledPublishAt { get; set; }
    public string? ScheduledBy { get; set; }

    /// <summary>Withdrawn programs take no new enrollments; patients already in them carry on.</summary>
    public DateTimeOffset? WithdrawnAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
    public int LatestRevision { get; set; }
    public int LatestRelease { get; set; }
}

/// <summary>Every save keeps a full snapshot: diff between any two and restore are then simple and exact.</summary>
public sealed class ProgramRevision
{
    public long Id { get; set; }
    public required string ProgramId { get; set; }
    public int Number { get; set; }
    public required string DocumentJson { get; set; }
    public string TranslationLogJson { get; set; } = "{}";
    public required string Author { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string Summary { get; set; } = "";
}

/// <summary>
/// An immutable published release. Rows are only ever inserted: a database trigger (migration ReleasesAppendOnly, both
/// providers) rejects every UPDATE and DELETE. Withdrawal is recorded on the program (<see cref="ProgramDraft.WithdrawnAt"/>),
/// never here.
/// </summary>
public sealed class ProgramReleaseRecord
{
    public long Id { get; set; }
    public required string ProgramId { get; set; }
    public int Number { get; set; }
    public int Revision { get; set; }

    /// <summary>The <see cref="ProgramRelease"/> JSON exactly as served by the content API (bytes never change).</summary>
    public required string ReleaseJson { get; set; }

    public required string ContentHash { get; set; }
    public DateTimeOffset PublishedAt { get; set; }
    public required string PublishedBy { get; set; }
    public string? ApprovedBy { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>Who made the changes the approval covered (revision authors since the previous release, the submitter), comma-separated.</summary>
    public string? Authors { get; set; }
}

/// <summary>Workflow history: who submitted, sent back, approved, published or withdrew, with comments.</summary>
public sealed class WorkflowEvent
{
    public long Id { get; set; }
    public required string ProgramId { get; set; }
    public required string Action { get; set; }
    public required string Actor { get; set; }
    public DateTimeOffset At { get; set; }
    public string? Comment { get; set; }
    public int? Revision { get; set; }
    public int? Release { get; set; }
}

internal sealed class ProgramDraftConfiguration : IEntityTypeConfiguration<ProgramDraft>
{
    public void Configure(EntityTypeBuilder<ProgramDraft> b)
    {
        b.ToTable("Programs");
        b.HasKey(p => p.Id);
        b.Property(p => p.Id).HasMaxLength(64);
        b.Property(p => p.Slug).HasMaxLength(100);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Organisation).HasMaxLength(100);
        b.Property(p => p.State).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Version).IsConcurrencyToken();
        b.HasIndex(p => p.ScheduledPublishAt);
    }
}

internal sealed class ProgramRevisionConfiguration : IEntityTypeConfiguration<ProgramRevision>
{
    public void Configure(EntityTypeBuilder<ProgramRevision> b)
    {
        b.ToTable("ProgramRevisions");
        b.Property(r => r.ProgramId).HasMaxLength(64);
        b.HasIndex(r => new { r.ProgramId, r.Number }).IsUnique();
    }
}

internal sealed class ProgramReleaseConfiguration : IEntityTypeConfiguration<ProgramReleaseRecord>
{
    public void Configure(EntityTypeBuilder<ProgramReleaseRecord> b)
    {
        b.ToTable("ProgramReleases");
        b.Property(r => r.ProgramId).HasMaxLength(64);
        b.HasIndex(r => new { r.ProgramId, r.Number }).IsUnique();
        b.Property(r => r.ContentHash).HasMaxLength(64);
    }
}

internal sealed class WorkflowEventConfiguration : IEntityTypeConfiguration<WorkflowEvent>
{
    public void Configure(EntityTypeBuilder<WorkflowEvent> b)
    {
        b.ToTable("WorkflowEvents");
        b.Property(e => e.ProgramId).HasMaxLength(64);
        b.Property(e => e.Action).HasMaxLength(20);
        b.HasIndex(e => new { e.ProgramId, e.At });
    }
}
