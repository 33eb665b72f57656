using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Schedules;

/// <summary>What one enrollment's plan depends on: when it started, when each module was started, when it ended.</summary>
/// <param name="ModuleStarts">First view of each started module (ModuleProgress.StartedAt).</param>
/// <param name="CompletedAt">Guided and course programs: when the last module was completed; null while any is open.</param>
public sealed record PlanFacts(Guid EnrollmentId, DateTimeOffset StartedAt, IReadOnlyDictionary<string, DateTimeOffset> ModuleStarts,
    DateTimeOffset? CompletedAt);

/// <summary>One time a questionnaire falls due. <see cref="Key"/> is stable: the same occurrence always has the same key.</summary>
public sealed record Occurrence(string Key, string QuestionnaireId, DateTimeOffset DueAt);

/// <summary>
/// The schedule arithmetic of questionnaires on a plan, with no database, so every rule is unit tested. Occurrence keys:
/// <c>weekly:{enrollment}:{questionnaire}:{n}</c> (n ≥ 1: one week after enrolment is the first),
/// <c>module-start:{enrollment}:{questionnaire}:{module}</c>, <c>program-end:{enrollment}:{questionnaire}</c> and, in
/// follow-up programs, <c>checkin:{enrollment}:{questionnaire}:{n}</c>. Weeks and intervals are counted on the wall clock
/// of the display zone, so a questionnaire due Monday 09:00 stays at 09:00 across a daylight-saving change.
/// </summary>
public static class QuestionnairePlan
{
    /// <summary>
    /// Every occurrence due at or before <paramref name="now"/>. Weekly occurrences stop at program end; module-start
    /// asks the questionnaire when a module that names it (<c>questionnaire:</c> on the module) is started, or at every
    /// module's start when none names it.
    /// </summary>
    public static IEnumerable<Occurrence> DueBy(ProgramContent content, PlanFacts facts, DateTimeOffset now, TimeZoneInfo zone)
    {
        var e = facts.EnrollmentId;
        if (content.Kind == ProgramKind.FollowUp)
        {
            foreach (var occurrence in CheckInsDueBy(content, facts, now, zone))
            {
                yield return occurrence;
            }
        }
        var end = EndOf(content, facts, zone);
        foreach (var q in content.Questionnaires)
        {
            if (q.When.Contains(QuestionnaireSchedule.Weekly))
            {
                var until = end is { } stop && stop < now ? stop : now;
                for (var n = 1; Step(facts.StartedAt, 7 * n, zone) is var at && at <= until; n++)
                {
                    yield return new Occurrence($"weekly:{e}:{q.Id}:{n}", q.Id, at);
                }
            }
            var naming = content.Modules.Where(m => m.Questionnaire == q.Id).ToList();
            var atStartOf = naming.Count > 0 ? naming
                : q.When.Contains(QuestionnaireSchedule.ModuleStart) ? content.Modules : [];
            foreach (var module in atStartOf)
            {
                if (facts.ModuleStarts.TryGetValue(module.Id, out var started) && started <= now)
                {
                    yield return new Occurrence($"module-start:{e}:{q.Id}:{module.Id}", q.Id, started);
                }
            }
            if (q.When.Contains(QuestionnaireSchedule.ProgramEnd) && end is { } ended && ended <= now)
            {
                yield return new Occurrence($"program-end:{e}:{q.Id}", q.Id, ended);
            }
        }
    }

    /// <summary>A follow-up program's check-ins due by now: every interval from enrolment until the duration has passed.</summary>
    public static IEnumerable<Occurrence> CheckInsDueBy(ProgramContent content, PlanFacts facts, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (content.CheckIns is not { IntervalDays: > 0 } plan)
        {
            yield break;
        }
        var end = EndOf(content, facts, zone)!.Value;
        for (var n = 1; Step(facts.StartedAt, plan.IntervalDays * n, zone) is var at && at <= now && at <= end; n++)
        {
            foreach (var q in plan.Questionnaires)
            {
                yield return new Occurrence($"checkin:{facts.EnrollmentId}:{q}:{n}", q, at);
            }
        }
    }

    /// <summary>The next check-in after <paramref name="now"/>; null when the follow-up period is over.</summary>
    public static DateTimeOffset? NextCheckIn(ProgramContent content, PlanFacts facts, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (content.CheckIns is not { IntervalDays: > 0 } plan)
        {
            return null;
        }
        var end = EndOf(content, facts, zone)!.Value;
        for (var n = 1; Step(facts.StartedAt, plan.IntervalDays * n, zone) is var at && at <= end; n++)
        {
            if (at > now)
            {
                return at;
            }
        }
        return null;
    }

    /// <summary>A follow-up program ends its duration after enrolment; other kinds when their last module is completed.</summary>
    public static DateTimeOffset? EndOf(ProgramContent content, PlanFacts facts, TimeZoneInfo zone) =>
        content.Kind == ProgramKind.FollowUp
            ? Step(facts.StartedAt, 7 * (content.CheckIns?.DurationWeeks ?? 0), zone)
            : facts.CompletedAt;

    /// <summary>
    /// The open occurrence per questionnaire: the newest due one, unless an answer was submitted at or after it (whatever
    /// form it came from: a due form, a module page or "Send inn nå"). <see cref="DueItem.Since"/> is the oldest occurrence
    /// not answered since, so a patient who skipped two weeks is overdue by two weeks, not by the newest week.
    /// </summary>
    public static IEnumerable<DueItem> Open(IEnumerable<Occurrence> due, IReadOnlyDictionary<string, DateTimeOffset> lastAnswered) =>
        due.GroupBy(o => o.QuestionnaireId).Select(g =>
        {
            var answered = lastAnswered.TryGetValue(g.Key, out var last) ? last : (DateTimeOffset?)null;
            var open = g.Where(o => answered is null || o.DueAt > answered).OrderBy(o => o.DueAt).ToList();
            return open.Count == 0 ? null : new DueItem(open[^1], open[0].DueAt);
        }).OfType<DueItem>();

    /// <summary>Overdue once the grace has passed since the oldest unanswered occurrence (the boundary itself is overdue).</summary>
    public static bool IsOverdue(DueItem item, DateTimeOffset now, TimeSpan grace) => now - item.Since >= grace;

    /// <summary>Adds whole days on the wall clock of <paramref name="zone"/>, then back to an instant.</summary>
    public static DateTimeOffset Step(DateTimeOffset from, int days, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(from, zone).DateTime.AddDays(days);
        if (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1); // 02:30 on the spring-forward night does not exist: 03:30 is the same wall-clock hour moved on
        }
        return new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
    }
}

/// <summary>An open occurrence (the newest) and since when its questionnaire has gone unanswered.</summary>
public sealed record DueItem(Occurrence Occurrence, DateTimeOffset Since);
