using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Cms.Webhooks;

/// <summary>One event to one endpoint: the delivery log. Written in the same transaction as the publish it announces.</summary>
public sealed class WebhookDelivery
{
    public long Id { get; set; }
    public required string Url { get; set; }
    public required string Event { get; set; }
    public required string PayloadJson { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
    public int? LastStatus { get; set; }
    public string? LastError { get; set; }

    /// <summary>Unix seconds of NextAttemptAt, so "due" is an indexed integer comparison on both providers.</summary>
    public long? DueAt { get; set; }
}

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> b)
    {
        b.ToTable("WebhookDeliveries");
        b.Property(d => d.Url).HasMaxLength(2000);
        b.Property(d => d.Event).HasMaxLength(50);
        b.HasIndex(d => d.DueAt);
    }
}
