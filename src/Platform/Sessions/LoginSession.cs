using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Platform.Sessions;

/// <summary>
/// One sign-in of one user on one device (docs/security.md, "Identity"): what the security page lists, what a per-session
/// revoke ends, and how a provider's back-channel logout finds the sessions it started. The cookie carries only
/// <see cref="Id"/> (in its authentication properties); the row says whether that cookie still counts.
/// </summary>
public sealed class LoginSession
{
    /// <summary>128 random bits, hex: not guessable, and never a user's id.</summary>
    public required string Id { get; init; }

    public required string UserId { get; init; }

    /// <summary>One of <see cref="LoginMethods"/>.</summary>
    public required string Method { get; init; }

    /// <summary>The national provider's session id (the ID token's <c>sid</c>), for back-channel logout; null otherwise.</summary>
    public string? ProviderSessionId { get; init; }

    /// <summary>The browser's User-Agent, cut to <see cref="MaxUserAgent"/>; shown only as "browser on OS family".</summary>
    public string UserAgent { get; init; } = "";

    public DateTimeOffset CreatedUtc { get; init; }
    public DateTimeOffset LastSeenUtc { get; set; }

    /// <summary>Set when the session was signed out, revoked or ended by the provider; the cookie is refused from then on.</summary>
    public DateTimeOffset? EndedUtc { get; set; }

    public const int MaxUserAgent = 300;
}

/// <summary>How a session was signed in, as the security page names it.</summary>
public static class LoginMethods
{
    public const string Password = "password";
    public const string Passkey = "passkey";
    public const string IdPorten = "idporten";
    public const string HelseId = "helseid";
}

internal sealed class LoginSessionConfiguration : IEntityTypeConfiguration<LoginSession>
{
    public void Configure(EntityTypeBuilder<LoginSession> builder)
    {
        builder.ToTable("LoginSessions");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasMaxLength(32);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.Property(s => s.Method).HasMaxLength(16);
        builder.Property(s => s.ProviderSessionId).HasMaxLength(200);
        builder.Property(s => s.UserAgent).HasMaxLength(LoginSession.MaxUserAgent);
        builder.HasIndex(s => s.UserId); // the security page's list
        builder.HasIndex(s => s.ProviderSessionId); // back-channel logout
    }
}

public static class LoginSessionModel
{
    /// <summary>The sessions table, in each app's DbContext (one line in OnModelCreating).</summary>
    public static ModelBuilder AddLoginSessions(this ModelBuilder builder)
    {
        builder.ApplyConfiguration(new LoginSessionConfiguration());
        return builder;
    }
}
