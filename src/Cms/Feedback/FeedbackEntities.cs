using ContentPlatform.Contract.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Cms.Feedback;

/// <summary>
/// The latest page-feedback counts one Delivery installation reported for one page of one release. Counts only, already
/// suppressed below k by Delivery (null: "fewer than k"); no patient data.
/// </summary>
public sealed class FeedbackPageCount
{
    /// <summary>The name of the content API key the installation sent with (ContentApi:Keys:N:Name).</summary>
    public required string Installation { get; init; }
    public required string ProgramId { get; init; }
    public required int Release { get; init; }
    public required string PageId { get; init; }
    public int? Yes { get; init; }
    public int? No { get; init; }
    public int? Comments { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>One evaluation item's answer distribution from one installation: respondents and a count per option (JSON).</summary>
public sealed class FeedbackEvaluationCount
{
    public required string Installation { get; init; }
    public required string ProgramId { get; init; }
    public required int Release { get; init; }
    public required string QuestionnaireId { get; init; }
    public required string ItemId { get; init; }
    public int? Respondents { get; init; }

    /// <summary>[{"value":0,"count":12},{"value":1,"count":null}, …] as <see cref="OptionCount"/>s.</summary>
    public required string OptionsJson { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>A comment a clinic admin de-identified and forwarded (the text only; the id is random).</summary>
public sealed class FeedbackComment
{
    public required string Installation { get; init; }
    public required Guid Id { get; init; }
    public required string ProgramId { get; init; }
    public required int Release { get; init; }
    public required string PageId { get; init; }
    public required string Text { get; init; }
    public DateTimeOffset ForwardedAt { get; init; }
}

internal sealed class FeedbackPageCountConfiguration : IEntityTypeConfiguration<FeedbackPageCount>
{
    public void Configure(EntityTypeBuilder<FeedbackPageCount> builder)
    {
        builder.ToTable("FeedbackPageCounts");
        builder.HasKey(c => new { c.Installation, c.ProgramId, c.Release, c.PageId });
        builder.Property(c => c.Installation).HasMaxLength(200);
        builder.Property(c => c.ProgramId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.Property(c => c.PageId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.HasIndex(c => new { c.ProgramId, c.PageId }); // the page editor's line and the program's feedback page
    }
}

internal sealed class FeedbackEvaluationCountConfiguration : IEntityTypeConfiguration<FeedbackEvaluationCount>
{
    public void Configure(EntityTypeBuilder<FeedbackEvaluationCount> builder)
    {
        builder.ToTable("FeedbackEvaluationCounts");
        builder.HasKey(c => new { c.Installation, c.ProgramId, c.Release, c.QuestionnaireId, c.ItemId });
        builder.Property(c => c.Installation).HasMaxLength(200);
        builder.Property(c => c.ProgramId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.Property(c => c.QuestionnaireId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.Property(c => c.ItemId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.HasIndex(c => c.ProgramId);
    }
}

internal sealed class FeedbackCommentConfiguration : IEntityTypeConfiguration<FeedbackComment>
{
    public void Configure(EntityTypeBuilder<FeedbackComment> builder)
    {
        builder.ToTable("FeedbackComments");
        builder.HasKey(c => new { c.Installation, c.Id });
        builder.Property(c => c.Installation).HasMaxLength(200);
        builder.Property(c => c.ProgramId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.Property(c => c.PageId).HasMaxLength(FeedbackRules.MaxIdLength);
        builder.Property(c => c.Text).HasMaxLength(FeedbackRules.MaxCommentLength);
        builder.HasIndex(c => c.ProgramId);
    }
}
