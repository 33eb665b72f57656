using ContentPlatform.Platform.Mail;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Progress;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using ContentPlatform.Platform.Sessions;
using ContentPlatform.Platform.StaffAdmin;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Data;

/// <summary>
/// The delivery store: patients, staff in care, enrollments, answers, progress, messages, access log. Health data lives
/// here and only here; the Cms database never sees it. It also holds the data-protection key ring, so every Delivery
/// instance on one database signs and reads the same cookies and antiforgery tokens.
/// </summary>
public class DeliveryDbContext(DbContextOptions options) : IdentityDbContext<DeliveryUser>(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<StoredRelease> Releases => Set<StoredRelease>();
    public DbSet<StoredProgram> Programs => Set<StoredProgram>();
    public DbSet<ProgramEnrollment> Enrollments => Set<ProgramEnrollment>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<Answer> Answers => Set<Answer>();
    public DbSet<QuestionnaireResult> QuestionnaireResults => Set<QuestionnaireResult>();
    public DbSet<ProgressEvent> ProgressEvents => Set<ProgressEvent>();
    public DbSet<ModuleProgress> ModuleProgress => Set<ModuleProgress>();
    public DbSet<ModuleOpening> ModuleOpenings => Set<ModuleOpening>();
    public DbSet<PlanChange> PlanChanges => Set<PlanChange>();
    public DbSet<Workload.WorkSession> WorkSessions => Set<Workload.WorkSession>();
    public DbSet<AccessLogEntry> AccessLog => Set<AccessLogEntry>();
    public DbSet<CareTeamMember> CareTeamMembers => Set<CareTeamMember>();
    public DbSet<ClinicalNote> ClinicalNotes => Set<ClinicalNote>();
    public DbSet<HandledReason> HandledReasons => Set<HandledReason>();
    public DbSet<Safety.AlertEscalationSent> AlertEscalations => Set<Safety.AlertEscalationSent>();
    public DbSet<HomeworkFeedback> HomeworkFeedback => Set<HomeworkFeedback>();
    public DbSet<Message> Messages => Set<Message>();
    public DbSet<StaffTimeEntry> StaffTimeEntries => Set<StaffTimeEntry>();
    public DbSet<ActivityDay> ActivityDays => Set<ActivityDay>();
    public DbSet<AnalyticsCursor> AnalyticsCursors => Set<AnalyticsCursor>();
    public DbSet<BaselineSnapshot> Baselines => Set<BaselineSnapshot>();
    public DbSet<ResearchExportLogEntry> ResearchExportLog => Set<ResearchExportLogEntry>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<Notifications.NotificationPreferences> NotificationPreferences => Set<Notifications.NotificationPreferences>();
    public DbSet<PageFeedback> PageFeedback => Set<PageFeedback>();
    public DbSet<ForwardedComment> ForwardedComments => Set<ForwardedComment>();
    public DbSet<EvaluationAnswer> EvaluationAnswers => Set<EvaluationAnswer>();
    public DbSet<FollowUp.FollowUpDecision> FollowUpDecisions => Set<FollowUp.FollowUpDecision>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(DeliveryDbContext).Assembly);
        builder.AddStaffAdministration(); // invitations and the audit log, shared with the other app (Platform/StaffAdmin)
        builder.AddMailOutbox();
        builder.AddLoginSessions(); // own sessions and back-channel logout (Platform/Sessions)
    }
}

/// <summary>SQLite flavour; its migrations live in Data/Migrations/Sqlite.</summary>
public sealed class SqliteDeliveryDbContext(DbContextOptions<SqliteDeliveryDbContext> options) : DeliveryDbContext(options);

/// <summary>PostgreSQL flavour; its migrations live in Data/Migrations/Postgres.</summary>
public sealed class PostgresDeliveryDbContext(DbContextOptions<PostgresDeliveryDbContext> options) : DeliveryDbContext(options);
