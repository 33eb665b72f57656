using System.Globalization;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Safety;

/// <summary>
/// Escalation of red reasons: a red caseload reason (a fired alert, or a red band) that nobody in the care team has
/// handled within the program's limit (<see cref="ProgramContent.AlertEscalationHours"/>, default 24 h) is e-mailed to every
/// clinic admin of the enrollment's organisation (the program's, by its key in the <see cref="ThemeCatalog"/>), once. The once key is a row per reason occurrence (<see cref="ReasonKeys"/>) with a unique index, written in
/// the same transaction as the outbox mails: two instances sweeping at once cannot both send, and a restart sends nothing
/// again. The mail holds no health information: that a red alert has waited, for how long, and a link to the caseload.
/// </summary>
/// <remarks>
/// Self-contained on purpose: when the general notification scheduler lands, <see cref="SweepAsync"/> becomes one of its rules.
/// </remarks>
public sealed class AlertEscalation(DeliveryDbContext db, ReleaseStore releases, DeliveryWriteGate gate, TimeProvider clock,
    IStringLocalizer<SharedResource> s, IOptions<MailOptions> mail, ThemeCatalog organisations, ILogger<AlertEscalation> logger)
{
    /// <summary>Queues the mails for every red reason past its limit that has not been escalated; returns how many reasons.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Only each questionnaire's latest result counts (as in the caseload); times are compared in memory because SQLite
        // cannot compare DateTimeOffset columns, and red results are few.
        var red = await db.QuestionnaireResults.AsNoTracking()
            .Where(r => (r.TrafficLight == "red" || r.AlertsJson != "[]") &&
                        !db.QuestionnaireResults.Any(n => n.EnrollmentId == r.EnrollmentId && n.QuestionnaireId == r.QuestionnaireId && n.Id > r.Id))
            .Join(db.Enrollments.Where(e => e.PatientId != null), r => r.EnrollmentId, e => e.Id,
                (r, e) => new { r.Id, r.EnrollmentId, r.AlertsJson, r.TrafficLight, r.SubmittedAt, e.ProgramId })
            .ToListAsync(ct);
        if (red.Count == 0)
        {
            return 0;
        }
        var enrollmentIds = red.Select(r => r.EnrollmentId).Distinct().ToList();
        var done = (await db.HandledReasons.AsNoTracking().Where(h => enrollmentIds.Contains(h.EnrollmentId)).Select(h => new { h.EnrollmentId, h.ReasonKey })
                .Concat(db.AlertEscalations.AsNoTracking().Where(a => enrollmentIds.Contains(a.EnrollmentId)).Select(a => new { a.EnrollmentId, a.ReasonKey }))
                .ToListAsync(ct))
            .Select(x => (x.EnrollmentId, x.ReasonKey)).ToHashSet();
        var programs = new Dictionary<string, (int Hours, string Organisation)>(StringComparer.Ordinal);
        var due = new List<(Guid Enrollment, string Key, int Hours, string Organisation)>();
        foreach (var r in red)
        {
            if (!programs.TryGetValue(r.ProgramId, out var program))
            {
                var content = (await releases.LatestAsync(r.ProgramId, ct))?.Content;
                program = programs[r.ProgramId] = (content?.AlertEscalationHours ?? ProgramContent.DefaultAlertEscalationHours,
                    organisations.KeyOf(content?.Organisation));
            }
            if (now - r.SubmittedAt < TimeSpan.FromHours(program.Hours))
            {
                continue;
            }
            due.AddRange(ReasonKeys.RedOf(r.Id, Caseload.Alerts(r.AlertsJson).Select(a => a.Item).ToList(), r.TrafficLight)
                .Where(key => !done.Contains((r.EnrollmentId, key))).Select(key => (r.EnrollmentId, key, program.Hours, program.Organisation)));
        }
        if (due.Count == 0)
        {
            return 0;
        }
        var admins = await (from u in db.Users.AsNoTracking()
                            join ur in db.UserRoles on u.Id equals ur.UserId
                            join role in db.Roles on ur.RoleId equals role.Id
                            where role.Name == DeliveryRoles.ClinicAdmin && u.Email != null
                            select new { Email = u.Email!, u.PreferredCulture, u.Organisation }).Distinct().ToListAsync(ct);
        var sent = 0;
        foreach (var (enrollment, key, hours, organisation) in due)
        {
            // The enrollment's own organisation's admins only: another trust's admins neither need nor may see its alerts.
            var recipients = admins.Where(a => organisations.KeyOf(a.Organisation) == organisation)
                .Select(a => (a.Email, a.PreferredCulture == "nn" ? "nn" : "nb")).ToList();
            if (recipients.Count == 0)
            {
                // Not marked as sent: it goes out once the organisation has a clinic admin; until then each sweep says so.
                logger.LogWarning("A red reason is past its limit but organisation '{Organisation}' has no clinic admin to escalate to",
                    organisations.NameOf(organisation));
                continue;
            }
            if (await EscalateAsync(enrollment, key, hours, recipients, now, ct))
            {
                sent++;
            }
        }
        return sent;
    }

    private async Task<bool> EscalateAsync(Guid enrollmentId, string key, int hours, List<(string Email, string Culture)> admins,
        DateTimeOffset now, CancellationToken ct)
    {
        using (await gate.EnterAsync(ct))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var row = new AlertEscalationSent { EnrollmentId = enrollmentId, ReasonKey = key, At = now };
            db.AlertEscalations.Add(row);
            var link = $"{mail.Value.PublicBaseUrl.TrimEnd('/')}/staff?light=Red";
            foreach (var (email, culture) in admins)
            {
                db.QueueMail(new MailDraft(email, culture, In(culture, "EscalationMailSubject", hours), In(culture, "EscalationMailBody", hours, link)));
            }
            try
            {
                await db.SaveChangesAsync(ct);
                await transaction.CommitAsync(ct);
                return true;
            }
            catch (DbUpdateException)
            {
                // The once key: another instance escalated this reason first, and its mails are already queued.
                logger.LogInformation("Escalation of a red reason was already queued by another instance");
                db.ChangeTracker.Clear();
                return false;
            }
        }
    }

    private string In(string culture, string key, params object[] arguments)
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            return s[key, arguments];
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

/// <summary>The once key of an escalation: one row per red reason occurrence that has been e-mailed to the clinic admins.</summary>
public sealed class AlertEscalationSent
{
    public long Id { get; init; }
    public required Guid EnrollmentId { get; init; }
    public required string ReasonKey { get; init; }
    public DateTimeOffset At { get; init; }
}

internal sealed class AlertEscalationSentConfiguration : IEntityTypeConfiguration<AlertEscalationSent>
{
    public void Configure(EntityTypeBuilder<AlertEscalationSent> builder)
    {
        builder.ToTable("AlertEscalations");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ReasonKey).HasMaxLength(128);
        builder.HasIndex(a => new { a.EnrollmentId, a.ReasonKey }).IsUnique();
    }
}

/// <summary>Section "AlertEscalation": how often the sweep runs (checked at start: 10 seconds to 1 hour).</summary>
public sealed class AlertEscalationOptions
{
    public const string Section = "AlertEscalation";

    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    public static SettingProblem? Check(AlertEscalationOptions options, IHostEnvironment environment) =>
        options.Interval < TimeSpan.FromSeconds(10) || options.Interval > TimeSpan.FromHours(1)
            ? new("AlertEscalation:Interval", $"'{options.Interval}' must be between 00:00:10 and 01:00:00.")
            : null;
}

/// <summary>Runs the sweep on a timer; a failed sweep is logged and the next one tries again (the once keys keep it safe).</summary>
public sealed class AlertEscalationWorker(IServiceScopeFactory scopes, IOptions<AlertEscalationOptions> options, TimeProvider clock,
    ILogger<AlertEscalationWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var escalated = await scope.ServiceProvider.GetRequiredService<AlertEscalation>().SweepAsync(stoppingToken);
                if (escalated > 0)
                {
                    logger.LogInformation("Escalated {Count} red reasons to the clinic admins", escalated);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Alert escalation sweep failed; the next sweep tries again");
            }
        }
    }
}
