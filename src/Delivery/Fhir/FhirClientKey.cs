using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Fhir;

/// <summary>
/// A key an integration (the hospital record, DIPS) uses to read questionnaire responses over FHIR on behalf of one
/// member of staff: it reaches exactly the patients whose care team that person is in, and every read is written to
/// the patient's access log under their name and the key's. Only the SHA-256 of the key is stored; the key itself is
/// shown once, when it is created (<c>fhir-key create</c>).
/// </summary>
public sealed class FhirClientKey
{
    public Guid Id { get; init; }

    /// <summary>What the integration is, e.g. "DIPS Arena, poliklinikk Nord"; shown in the patient's access log.</summary>
    public required string Name { get; init; }

    public required string StaffUserId { get; init; }

    /// <summary>Lower-case hex SHA-256 of the key. The key is 256 random bits, so a plain hash cannot be guessed back.</summary>
    public required string KeyHash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTimeOffset? RevokedAt { get; set; }
}

internal sealed class FhirClientKeyConfiguration : IEntityTypeConfiguration<FhirClientKey>
{
    public void Configure(EntityTypeBuilder<FhirClientKey> builder)
    {
        builder.ToTable("FhirClientKeys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Name).HasMaxLength(100);
        builder.Property(k => k.StaffUserId).HasMaxLength(450);
        builder.Property(k => k.KeyHash).HasMaxLength(64);
        builder.Property(k => k.CreatedBy).HasMaxLength(450);
        builder.HasIndex(k => k.KeyHash).IsUnique();
    }
}
