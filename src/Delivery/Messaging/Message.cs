using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Messaging;

/// <summary>
/// One message in the thread of an enrollment, between the patient and the care team. Stored before it is delivered;
/// never edited. <see cref="ClientId"/> is chosen by the sender's browser so a resend after a dropped connection is
/// recognised and not stored twice. Order within a thread is the Id order.
/// </summary>
public sealed class Message
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string SenderId { get; init; }
    public required string SenderName { get; init; }

    /// <summary>True when the patient wrote it; false when a member of the care team did.</summary>
    public bool FromPatient { get; init; }

    /// <summary>Plain text; rendered with HTML encoding and line breaks only.</summary>
    public required string Body { get; init; }

    public required Guid ClientId { get; init; }
    public DateTimeOffset SentAt { get; init; }

    /// <summary>When the other side first read it (the patient, or any member of the care team).</summary>
    public DateTimeOffset? ReadAt { get; set; }

    public const int MaxLength = 4000;
}

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("Messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.SenderId).HasMaxLength(450);
        builder.Property(m => m.SenderName).HasMaxLength(200);
        builder.Property(m => m.Body).HasMaxLength(Message.MaxLength);
        builder.HasIndex(m => new { m.EnrollmentId, m.Id });
        builder.HasIndex(m => new { m.SenderId, m.ClientId }).IsUnique();
    }
}
