using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Data;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>The per-patient fields a research project may be configured to receive (nothing else exists to ask for).</summary>
public static class ExportFields
{
    public static readonly string[] All =
    [
        "program", "organisation", "enrolled_month", "modules_completed", "completed", "dropped_out",
        "score_first", "score_last", "score_change", "traffic_light_first", "traffic_light_last",
        "messages", "therapist_minutes", "active_days",
    ];
}

public sealed record ExportResult(string FileName, byte[] Csv, int Rows);

/// <summary>
/// Pseudonymised per-patient rows for a research or quality-register project: the project's pseudonym instead of any
/// id, only the project's approved fields, dates coarsened to months, rows in pseudonym order (not enrollment order).
/// Every export is written to the append-only export log, with a hash of the exact file, in the same transaction.
/// </summary>
public sealed class ResearchExport(DeliveryDbContext db, IndicatorQuery query, ActivityAggregator aggregator, DeliveryWriteGate gate,
    IOptions<AnalyticsOptions> options, TimeProvider clock)
{
    public async Task<ExportResult> ExportAsync(ResearchProject project, AnalyticsScope scope, IReadOnlyList<AnalyticsProgram> programs,
        Period period, string exportedBy, CancellationToken ct)
    {
        await aggregator.CatchUpAsync(db, programs, ct);
        var facts = await query.LoadAsync(scope.ProgramIds, programs, period, ct);
        var organisation = programs.ToDictionary(p => p.ProgramId, p => p.Organisation);
        var mainQuestionnaire = programs.ToDictionary(p => p.ProgramId, p => p.Questionnaires.Count > 0 ? p.Questionnaires[0].Id : null);
        var modules = facts.Modules.ToLookup(m => m.EnrollmentId);
        var scores = facts.Scores.ToLookup(s => s.EnrollmentId);
        var messages = facts.Messages.ToLookup(m => m.EnrollmentId);
        var minutes = facts.StaffTime.ToLookup(t => t.EnrollmentId);
        var endDay = ActivityAggregator.DayOf(period.To);
        var activeDays = await query.ActiveDaysAsync(scope.ProgramIds, period, ct);

        var rows = new List<(string Pseudonym, string[] Values)>();
        foreach (var e in facts.Enrollments.Where(e => e.PatientId is not null && period.Contains(e.CreatedAt)))
        {
            var done = modules[e.Id].Where(m => m.CompletedAt < period.End).Select(m => m.ModuleId).ToHashSet();
            var order = facts.ModuleOrder.GetValueOrDefault(e.ProgramId) ?? [];
            var completed = order.Count > 0 && order.All(done.Contains);
            var lastActive = facts.LastActiveDay.GetValueOrDefault(e.Id, int.MinValue);
            var startedAny = modules[e.Id].Any(m => m.StartedAt < period.End);
            var q = mainQuestionnaire.GetValueOrDefault(e.ProgramId);
            var measured = scores[e.Id].Where(s => s.QuestionnaireId == q && s.At < period.End).OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
            var values = project.Fields.Select(field => field switch
            {
                "program" => e.ProgramId,
                "organisation" => organisation.GetValueOrDefault(e.ProgramId, ""),
                "enrolled_month" => e.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture),
                "modules_completed" => Num(order.Count(done.Contains)),
                "completed" => completed ? "true" : "false",
                "dropped_out" => startedAny && !completed && lastActive < endDay - Indicators.DropoutDays ? "true" : "false",
                "score_first" => measured.Count > 0 ? Num(measured[0].Total) : "",
                "score_last" => measured.Count > 0 ? Num(measured[^1].Total) : "",
                "score_change" => measured.Count >= 2 ? Num(measured[^1].Total - measured[0].Total) : "",
                "traffic_light_first" => measured.Count > 0 ? measured[0].TrafficLight ?? "" : "",
                "traffic_light_last" => measured.Count > 0 ? measured[^1].TrafficLight ?? "" : "",
                "messages" => Num(messages[e.Id].Count(m => period.Contains(m.SentAt))),
                "therapist_minutes" => Num(minutes[e.Id].Where(t => period.Contains(t.At)).Sum(t => t.Minutes)),
                "active_days" => Num(activeDays.GetValueOrDefault(e.Id)),
                _ => "",
            }).ToArray();
            rows.Add((Pseudonym.For(options.Value.PseudonymSecret, project.Id, e.PatientId!), values));
        }

        var csv = new StringBuilder();
        Csv.Line(csv, ["pseudonym", .. project.Fields]);
        foreach (var (pseudonym, values) in rows.OrderBy(r => r.Pseudonym, StringComparer.Ordinal))
        {
            Csv.Line(csv, [pseudonym, .. values]);
        }
        var bytes = Encoding.UTF8.GetBytes(csv.ToString());
        using (await gate.EnterAsync(ct))
        {
            db.ResearchExportLog.Add(new ResearchExportLogEntry
            {
                ProjectId = project.Id, ExportedBy = exportedBy, At = clock.GetUtcNow(), Scope = scope.Key, From = period.From, To = period.To,
                Fields = string.Join(",", project.Fields), Rows = rows.Count, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            });
            await db.SaveChangesAsync(ct);
        }
        return new ExportResult($"{project.Id}-{period.From:yyyyMMdd}-{period.To:yyyyMMdd}.csv", bytes, rows.Count);
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
