using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Content;

/// <summary>Every release Delivery has fetched, as the exact JSON the Cms served: Delivery keeps serving when the Cms is down.</summary>
public sealed class StoredRelease
{
    public required string ProgramId { get; init; }
    public required int Number { get; init; }
    public required string ContentHash { get; init; }
    public required string Json { get; init; }
    public DateTimeOffset FetchedAt { get; init; }
}

/// <summary>What Delivery knows about a program from the catalogue: its slug, kind, latest release and whether it is withdrawn.</summary>
public sealed class StoredProgram
{
    public required string ProgramId { get; init; }
    public string Slug { get; set; } = "";
    public ProgramKind Kind { get; set; }
    public int LatestRelease { get; set; }

    /// <summary>Withdrawn programs take no new enrollments; enrolled patients continue.</summary>
    public bool Withdrawn { get; set; }
}

internal sealed class StoredReleaseConfiguration : IEntityTypeConfiguration<StoredRelease>
{
    public void Configure(EntityTypeBuilder<StoredRelease> builder)
    {
        builder.ToTable("Releases");
        builder.HasKey(r => new { r.ProgramId, r.Number });
        builder.Property(r => r.ProgramId).HasMaxLength(64);
        builder.Property(r => r.ContentHash).HasMaxLength(64);
    }
}

internal sealed class StoredProgramConfiguration : IEntityTypeConfiguration<StoredProgram>
{
    public void Configure(EntityTypeBuilder<StoredProgram> builder)
    {
        builder.ToTable("Programs");
        builder.HasKey(p => p.ProgramId);
        builder.Property(p => p.ProgramId).HasMaxLength(64);
        builder.Property(p => p.Slug).HasMaxLength(64);
        builder.Property(p => p.Kind).HasConversion<string>().HasMaxLength(16);
        builder.HasIndex(p => p.Slug);
    }
}
