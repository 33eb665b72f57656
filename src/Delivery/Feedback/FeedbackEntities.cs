using ContentPlatform.Contract.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Feedback;

/// <summary>
/// A patient's answer to "Var denne sida nyttig?" at the foot of one page: one per enrollment, page and release (answering
/// again replaces it). The comment is the patient's own words and stays in Delivery; only counts leave.
/// </summary>
public sealed class PageFeedback
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ProgramId { get; init; }
    public required int Release { get; init; }
    public required string ModuleId { get; init; }
    public required string PageId { get; init; }
    public bool Useful { get; set; }

    /// <summary>Plain text, at most <see cref="FeedbackRules.MaxCommentLength"/> characters; null when none was written.</summary>
    public string? Comment { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>
/// A comment a clinic admin forwarded to the content team, as edited by them. It is also the audit record of the
/// forwarding (who, when, from which feedback row): rows are only ever added. It holds no patient id — the source row's
/// id links back inside Delivery only and is never sent — and it outlives the patient's own row on purpose: the admin
/// confirmed that nothing in it identifies the patient.
/// </summary>
public sealed class ForwardedComment
{
    public long Id { get; init; }

    /// <summary>Random; the only id the Cms ever sees.</summary>
    public required Guid PublicId { get; init; }

    public required long SourceFeedbackId { get; init; }
    public required string ProgramId { get; init; }
    public required int Release { get; init; }
    public required string PageId { get; init; }
    public required string Text { get; init; }
    public required string ForwardedById { get; init; }
    public required string ForwardedByName { get; init; }
    public DateTimeOffset ForwardedAt { get; init; }
}

internal sealed class PageFeedbackConfiguration : IEntityTypeConfiguration<PageFeedback>
{
    public void Configure(EntityTypeBuilder<PageFeedback> builder)
    {
        builder.ToTable("PageFeedback");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.ProgramId).HasMaxLength(64);
        builder.Property(f => f.ModuleId).HasMaxLength(64);
        builder.Property(f => f.PageId).HasMaxLength(64);
        builder.Property(f => f.Comment).HasMaxLength(FeedbackRules.MaxCommentLength);
        // One answer per patient (enrollment), page and release; the aggregation groups by program and release.
        builder.HasIndex(f => new { f.EnrollmentId, f.PageId, f.Release }).IsUnique();
        builder.HasIndex(f => new { f.ProgramId, f.Release });
    }
}

internal sealed class ForwardedCommentConfiguration : IEntityTypeConfiguration<ForwardedComment>
{
    public void Configure(EntityTypeBuilder<ForwardedComment> builder)
    {
        builder.ToTable("ForwardedComments");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.ProgramId).HasMaxLength(64);
        builder.Property(c => c.PageId).HasMaxLength(64);
        builder.Property(c => c.Text).HasMaxLength(FeedbackRules.MaxCommentLength);
        builder.Property(c => c.ForwardedById).HasMaxLength(450);
        builder.Property(c => c.ForwardedByName).HasMaxLength(200);
        builder.HasIndex(c => c.PublicId).IsUnique();
        builder.HasIndex(c => c.ProgramId);
    }
}
