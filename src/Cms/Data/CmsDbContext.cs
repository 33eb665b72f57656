using ContentPlatform.Platform.Mail;
using ContentPlatform.Cms.Feedback;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Webhooks;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using ContentPlatform.Platform.Sessions;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Data;

/// <summary>
/// The content store: programs, revisions, releases and staff accounts. It never holds patient data — that lives only in
/// the Delivery database, and keeping the two apart is a privacy boundary.
/// </summary>
public class CmsDbContext(DbContextOptions options) : IdentityDbContext<StaffUser>(options)
{
    public DbSet<ProgramDraft> Programs => Set<ProgramDraft>();
    public DbSet<ProgramRevision> Revisions => Set<ProgramRevision>();
    public DbSet<ProgramReleaseRecord> Releases => Set<ProgramReleaseRecord>();
    public DbSet<WorkflowEvent> WorkflowEvents => Set<WorkflowEvent>();
    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();
    public DbSet<MediaAsset> MediaAssets => Set<MediaAsset>();
    public DbSet<MediaRenditionRecord> MediaRenditions => Set<MediaRenditionRecord>();
    public DbSet<MediaUpload> MediaUploads => Set<MediaUpload>();
    public DbSet<MediaJob> MediaJobs => Set<MediaJob>();
    public DbSet<FeedbackPageCount> FeedbackPageCounts => Set<FeedbackPageCount>();
    public DbSet<FeedbackEvaluationCount> FeedbackEvaluationCounts => Set<FeedbackEvaluationCount>();
    public DbSet<FeedbackComment> FeedbackComments => Set<FeedbackComment>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CmsDbContext).Assembly);
        builder.AddStaffAdministration(); // invitations and the audit log, shared with the other app (Platform/StaffAdmin)
        builder.AddMailOutbox();
        builder.AddLoginSessions(); // own sessions and back-channel logout (Platform/Sessions)
    }
}

/// <summary>SQLite flavour; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteCmsDbContext(DbContextOptions<SqliteCmsDbContext> options) : CmsDbContext(options);

/// <summary>PostgreSQL flavour; its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresCmsDbContext(DbContextOptions<PostgresCmsDbContext> options) : CmsDbContext(options);
