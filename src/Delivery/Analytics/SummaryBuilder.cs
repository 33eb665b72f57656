namespace ContentPlatform.Delivery.Analytics;

/// <summary>The summary rows of one enrollment, built from its facts. Pure, so the definitions live in one place.</summary>
public sealed record EnrollmentRows(EnrollmentSummary Summary, List<ModuleSummary> Modules, List<ScoreSummary> Scores,
    List<WaitSummary> Waits, List<CareDaySummary> CareDays);

public static class SummaryBuilder
{
    private static int Day(DateTimeOffset at) => ActivityAggregator.DayOf(at);

    /// <param name="lastEventDay">Latest day in the activity aggregate for this enrollment, if any.</param>
    /// <param name="order">Module ids of the program's latest release ("completed" means all of them).</param>
    public static EnrollmentRows Build(EnrollmentFact e, IEnumerable<ModuleFact> moduleFacts, IEnumerable<ScoreFact> scoreFacts,
        IEnumerable<MessageFact> messageFacts, IEnumerable<TimeFact> timeFacts, int? lastEventDay, IReadOnlyList<string> order)
    {
        var created = Day(e.CreatedAt);
        var modules = moduleFacts.Select(m => new ModuleSummary
        {
            EnrollmentId = e.Id, ModuleId = m.ModuleId, ProgramId = e.ProgramId, CreatedDay = created, StartedDay = Day(m.StartedAt),
            CompletedDay = m.CompletedAt is { } c ? Day(c) : null,
            Seconds = m.CompletedAt is { } d ? (long)Math.Round((d - m.StartedAt).TotalSeconds) : null,
        }).ToList();
        var done = modules.Where(m => m.CompletedDay is not null).ToDictionary(m => m.ModuleId, m => m.CompletedDay!.Value);
        int? completedDay = order.Count > 0 && order.All(done.ContainsKey) ? order.Max(id => done[id]) : null;
        var moduleDays = modules.Select(m => m.CompletedDay ?? m.StartedDay).ToList();
        int? lastActive = moduleDays.Count == 0 ? lastEventDay : Math.Max(moduleDays.Max(), lastEventDay ?? int.MinValue);

        var scores = scoreFacts.GroupBy(s => s.QuestionnaireId).Select(g =>
        {
            var list = g.OrderBy(s => s.At).ThenBy(s => s.Id).ToList();
            return new ScoreSummary
            {
                EnrollmentId = e.Id, QuestionnaireId = g.Key, ProgramId = e.ProgramId, CreatedDay = created, Measurements = list.Count,
                FirstDay = Day(list[0].At), FirstTotal = list[0].Total, FirstLight = list[0].TrafficLight, SecondDay = list.Count > 1 ? Day(list[1].At) : null,
                LastTotal = list[^1].Total, LastLight = list[^1].TrafficLight, LastDay = Day(list[^1].At),
            };
        }).ToList();

        // A patient message opens a wait unless one is open; the next care-team message closes it (docs/analytics.md).
        var waits = new List<WaitSummary>();
        MessageFact? open = null;
        foreach (var m in messageFacts.OrderBy(m => m.Id))
        {
            if (m.FromPatient)
            {
                open ??= m;
            }
            else if (open is not null)
            {
                waits.Add(Wait(e, created, open, m));
                open = null;
            }
        }
        if (open is not null)
        {
            waits.Add(Wait(e, created, open, null));
        }

        var careDays = messageFacts.Select(m => (Day: Day(m.SentAt), Messages: 1, Entries: 0, Minutes: 0))
            .Concat(timeFacts.Select(t => (Day: Day(t.At), Messages: 0, Entries: 1, t.Minutes)))
            .GroupBy(x => x.Day)
            .Select(g => new CareDaySummary
            {
                EnrollmentId = e.Id, Day = g.Key, ProgramId = e.ProgramId, CreatedDay = created,
                Messages = g.Sum(x => x.Messages), TimeEntries = g.Sum(x => x.Entries), Minutes = g.Sum(x => x.Minutes),
            }).ToList();

        var summary = new EnrollmentSummary
        {
            EnrollmentId = e.Id, ProgramId = e.ProgramId, PatientId = e.PatientId, CreatedDay = created,
            StartedDay = modules.Count == 0 ? null : modules.Min(m => m.StartedDay), CompletedDay = completedDay, LastActiveDay = lastActive,
        };
        return new EnrollmentRows(summary, modules, scores, waits, careDays);
    }

    private static WaitSummary Wait(EnrollmentFact e, int created, MessageFact opened, MessageFact? closed) => new()
    {
        EnrollmentId = e.Id, OpenedBy = opened.Id, ProgramId = e.ProgramId, CreatedDay = created, OpenedDay = Day(opened.SentAt),
        ClosedDay = closed is null ? null : Day(closed.SentAt),
        Seconds = closed is null ? null : (long)Math.Round((closed.SentAt - opened.SentAt).TotalSeconds),
    };
}
