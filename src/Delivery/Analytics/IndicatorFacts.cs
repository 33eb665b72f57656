namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// The few columns indicators are computed from, loaded per request. Deliberately without names, free text, message
/// bodies or answers: what analytics never reads cannot leak. The patient id is used only to count unique patients.
/// </summary>
public sealed record IndicatorFacts(
    IReadOnlyList<EnrollmentFact> Enrollments,
    IReadOnlyList<ModuleFact> Modules,
    IReadOnlyList<ScoreFact> Scores,
    IReadOnlyList<MessageFact> Messages,
    IReadOnlyList<TimeFact> StaffTime,
    IReadOnlyDictionary<Guid, int> LastActiveDay,
    IReadOnlyDictionary<string, IReadOnlyList<string>> ModuleOrder);

public sealed record EnrollmentFact(Guid Id, string ProgramId, string? PatientId, DateTimeOffset CreatedAt);

public sealed record ModuleFact(Guid EnrollmentId, string ModuleId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

public sealed record ScoreFact(long Id, Guid EnrollmentId, string QuestionnaireId, int Total, string? TrafficLight, DateTimeOffset At);

public sealed record MessageFact(long Id, Guid EnrollmentId, bool FromPatient, DateTimeOffset SentAt);

public sealed record TimeFact(Guid EnrollmentId, int Minutes, DateTimeOffset At);

/// <summary>A period of whole days, <see cref="To"/> exclusive, in UTC.</summary>
public sealed record Period(DateOnly From, DateOnly To)
{
    public DateTimeOffset Start => new(From.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public DateTimeOffset End => new(To.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    public double Weeks => (To.DayNumber - From.DayNumber) / 7.0;
    public bool Contains(DateTimeOffset at) => at >= Start && at < End;
}
