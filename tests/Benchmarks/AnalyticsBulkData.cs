using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ContentPlatform.Benchmarks;

/// <summary>
/// Writes N synthetic patients with about 50 progress events each (page views on several visits per module, answers,
/// completions), questionnaire results, messages and therapist time straight into the Delivery tables: prepared INSERTs in
/// one transaction per 10,000 patients on SQLite, binary COPY on PostgreSQL. EF change tracking would take an hour at
/// 5 million events; this takes a minute or two. Same shape as <see cref="Delivery.Analytics.DemoActivity"/>, denser.
/// </summary>
public static class AnalyticsBulkData
{
    private const string Marker = "bench-seed";

    public sealed record Counts(long Enrollments, long Events, long Modules, long Results, long Messages, long TimeEntries);

    public static async Task<Counts> WriteAsync(DbConnection connection, IReadOnlyList<ProgramContent> programs, int patients, DateTimeOffset now)
    {
        var rows = new Rows();
        var random = new Random(20261130);
        var sw = Stopwatch.StartNew();
        await using Sink sink = connection is NpgsqlConnection pg ? new PostgresSink(pg) : new SqliteSink((SqliteConnection)connection);
        for (var i = 0; i < patients; i++)
        {
            Patient(rows, programs[i % programs.Count], random, now, i);
            if (rows.Events.Count > 200_000 || i == patients - 1)
            {
                await sink.FlushAsync(rows);
                Console.Write($"\r  {i + 1} patients, {sink.Written.Events} events ({sw.Elapsed.TotalSeconds:F0} s)   ");
            }
        }
        await sink.CompleteAsync();
        Console.WriteLine();
        return sink.Written;
    }

    private static void Patient(Rows rows, ProgramContent content, Random random, DateTimeOffset now, int i)
    {
        var created = now.AddDays(-random.Next(1, 182)).AddHours(-random.Next(0, 12)).AddMinutes(-random.Next(0, 60));
        var id = Guid.NewGuid();
        // Programs alternate; every tenth enrollment in the second program is the previous enrollment's patient, so some
        // patients are in both programs and unique patients are fewer than enrollments at platform level.
        var patient = i % 10 == 1 ? $"{Marker}-{i - 1}" : $"{Marker}-{i}";
        var enrollment = new EnrollmentRow(id, content.Id, patient, created);
        rows.Enrollments.Add(enrollment);
        if (random.NextDouble() > 0.85)
        {
            return;
        }
        var guided = content.Kind == ProgramKind.Guided;
        var questionnaire = content.Questionnaires.Count > 0 ? content.Questionnaires[0] : null;
        var score = 12 + random.Next(-4, 9);
        var t = created.AddHours(random.Next(2, 48));
        var completed = 0;
        foreach (var module in content.Modules)
        {
            if (t >= now)
            {
                break;
            }
            var start = t;
            var done = start.AddHours(random.Next(12, 24 * (guided ? 9 : 4)));
            var finishes = done < now && random.NextDouble() < (guided ? 0.82 : 0.75);
            // Visits spread between opening and finishing (or up to a week when the module is abandoned), a few page
            // views and an answer or two per visit: about 16 events per module.
            var until = finishes ? done : start.AddDays(random.Next(1, 8));
            var visits = random.Next(3, 6);
            for (var v = 0; v < visits; v++)
            {
                var at = start + (until - start) * (v / (double)visits);
                var pages = random.Next(3, 5);
                // A visit lasts up to 3 minutes per page and an answer: only visits over before "now" are written. The
                // product stamps events with the server's clock, so none is ever dated in the future; a few were here
                // (a visit begun minutes before "now"), and on PostgreSQL the aggregator, which holds back rows dated
                // after now − 30 s, stopped its cursor at the first of them: the catch-up folded 0.8 % of the events
                // and the first page folded the next 112,000.
                if (at.AddMinutes(3 * pages) >= now)
                {
                    break;
                }
                for (var p = 0; p < pages; p++)
                {
                    rows.Events.Add(new EventRow(id, ProgressVerbs.Viewed, module.Id, $"side-{p + 1}", at.AddMinutes(3 * p)));
                }
                if (random.NextDouble() < 0.8)
                {
                    rows.Events.Add(new EventRow(id, ProgressVerbs.Answered, module.Id, "oppgave", at.AddMinutes(3 * pages)));
                }
            }
            rows.Modules.Add(new ModuleRow(id, module.Id, start, finishes ? done : null));
            if (questionnaire is not null && guided)
            {
                if (start.AddMinutes(20) < now) // no answers from the future (as for messages)
                {
                    rows.Results.Add(new ResultRow(id, module.Id, questionnaire.Id, score, start.AddMinutes(20)));
                }
                score = Math.Max(0, score - random.Next(-1, 4));
            }
            if (guided)
            {
                AddMessage(rows, id, true, start.AddHours(random.Next(1, 30)), now);
                AddMessage(rows, id, false, start.AddHours(30 + random.Next(1, 70)), now);
                if (start.AddDays(2) < now)
                {
                    rows.Time.Add(new TimeRow(id, random.Next(8, 25), start.AddDays(2)));
                }
            }
            if (!finishes)
            {
                break;
            }
            rows.Events.Add(new EventRow(id, ProgressVerbs.Completed, module.Id, null, done));
            completed++;
            t = done.AddHours(random.Next(4, 24 * (guided ? 6 : 10)));
        }
    }

    private static void AddMessage(Rows rows, Guid enrollment, bool fromPatient, DateTimeOffset at, DateTimeOffset now)
    {
        if (at < now)
        {
            rows.Messages.Add(new MessageRow(enrollment, fromPatient, at));
        }
    }

    private sealed record EnrollmentRow(Guid Id, string ProgramId, string PatientId, DateTimeOffset CreatedAt);

    private sealed record EventRow(Guid EnrollmentId, string Verb, string ModuleId, string? ObjectId, DateTimeOffset At);

    private sealed record ModuleRow(Guid EnrollmentId, string ModuleId, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

    private sealed record ResultRow(Guid EnrollmentId, string ModuleId, string QuestionnaireId, int Total, DateTimeOffset At)
    {
        public string Light => Total >= 15 ? "red" : Total >= 10 ? "yellow" : "green";
    }

    private sealed record MessageRow(Guid EnrollmentId, bool FromPatient, DateTimeOffset At);

    private sealed record TimeRow(Guid EnrollmentId, int Minutes, DateTimeOffset At);

    private sealed class Rows
    {
        public List<EnrollmentRow> Enrollments { get; } = [];
        public List<EventRow> Events { get; } = [];
        public List<ModuleRow> Modules { get; } = [];
        public List<ResultRow> Results { get; } = [];
        public List<MessageRow> Messages { get; } = [];
        public List<TimeRow> Time { get; } = [];

        public void Clear()
        {
            Enrollments.Clear();
            Events.Clear();
            Modules.Clear();
            Results.Clear();
            Messages.Clear();
            Time.Clear();
        }
    }

    private abstract class Sink : IAsyncDisposable
    {
        public Counts Written { get; protected set; } = new(0, 0, 0, 0, 0, 0);

        public abstract Task FlushAsync(Rows rows);

        public virtual Task CompleteAsync() => Task.CompletedTask;

        public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

        protected void Count(Rows rows) => Written = new Counts(Written.Enrollments + rows.Enrollments.Count, Written.Events + rows.Events.Count,
            Written.Modules + rows.Modules.Count, Written.Results + rows.Results.Count, Written.Messages + rows.Messages.Count,
            Written.TimeEntries + rows.Time.Count);
    }

    /// <summary>Values in exactly the text forms EF Core's SQLite provider writes (upper-case GUIDs, ISO dates with offset).</summary>
    private sealed class SqliteSink(SqliteConnection connection) : Sink
    {
        private static string G(Guid g) => g.ToString().ToUpperInvariant();

        private static string D(DateTimeOffset d) => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

        public override async Task FlushAsync(Rows rows)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync();
            await InsertAsync(tx, """INSERT INTO "Enrollments" ("Id","ProgramId","PatientId","InviteeName","CreatedBy","CreatedAt","StartedAt","CompletedModules","PercentComplete") VALUES ($a,$b,$c,'',$d,$e,$e,0,0)""",
                rows.Enrollments, (p, r) => { p[0].Value = G(r.Id); p[1].Value = r.ProgramId; p[2].Value = r.PatientId; p[3].Value = Marker; p[4].Value = D(r.CreatedAt); }, "$a", "$b", "$c", "$d", "$e");
            await InsertAsync(tx, """INSERT INTO "ProgressEvents" ("EnrollmentId","Verb","ModuleId","ObjectId","Release","At") VALUES ($a,$b,$c,$d,1,$e)""",
                rows.Events, (p, r) => { p[0].Value = G(r.EnrollmentId); p[1].Value = r.Verb; p[2].Value = r.ModuleId; p[3].Value = (object?)r.ObjectId ?? DBNull.Value; p[4].Value = D(r.At); }, "$a", "$b", "$c", "$d", "$e");
            await InsertAsync(tx, """INSERT INTO "ModuleProgress" ("EnrollmentId","ModuleId","StartedAt","CompletedAt") VALUES ($a,$b,$c,$d)""",
                rows.Modules, (p, r) => { p[0].Value = G(r.EnrollmentId); p[1].Value = r.ModuleId; p[2].Value = D(r.StartedAt); p[3].Value = r.CompletedAt is { } c ? D(c) : DBNull.Value; }, "$a", "$b", "$c", "$d");
            await InsertAsync(tx, """INSERT INTO "QuestionnaireResults" ("EnrollmentId","ModuleId","BlockId","QuestionnaireId","Release","SubmissionId","AnswersJson","Total","MaxTotal","AlertsJson","TrafficLight","SubmittedAt") VALUES ($a,$b,'bench',$c,1,$d,'{}',$e,27,'[]',$f,$g)""",
                rows.Results, (p, r) => { p[0].Value = G(r.EnrollmentId); p[1].Value = r.ModuleId; p[2].Value = r.QuestionnaireId; p[3].Value = G(Guid.NewGuid()); p[4].Value = r.Total; p[5].Value = r.Light; p[6].Value = D(r.At); }, "$a", "$b", "$c", "$d", "$e", "$f", "$g");
            await InsertAsync(tx, """INSERT INTO "Messages" ("EnrollmentId","SenderId","SenderName","FromPatient","Body","ClientId","SentAt") VALUES ($a,$b,'',$c,'',$d,$e)""",
                rows.Messages, (p, r) => { p[0].Value = G(r.EnrollmentId); p[1].Value = r.FromPatient ? "patient" : Marker; p[2].Value = r.FromPatient ? 1 : 0; p[3].Value = G(Guid.NewGuid()); p[4].Value = D(r.At); }, "$a", "$b", "$c", "$d", "$e");
            await InsertAsync(tx, """INSERT INTO "StaffTimeEntries" ("EnrollmentId","StaffUserId","Minutes","At") VALUES ($a,$b,$c,$d)""",
                rows.Time, (p, r) => { p[0].Value = G(r.EnrollmentId); p[1].Value = Marker; p[2].Value = r.Minutes; p[3].Value = D(r.At); }, "$a", "$b", "$c", "$d");
            await tx.CommitAsync();
            Count(rows);
            rows.Clear();
        }

        private async Task InsertAsync<T>(SqliteTransaction tx, string sql, List<T> items, Action<SqliteParameter[], T> bind, params string[] names)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = sql;
            var parameters = names.Select(n => command.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            command.Prepare();
            foreach (var item in items)
            {
                bind(parameters, item);
                await command.ExecuteNonQueryAsync();
            }
        }
    }

    private sealed class PostgresSink(NpgsqlConnection connection) : Sink
    {
        public override async Task FlushAsync(Rows rows)
        {
            await CopyAsync("""COPY "Enrollments" ("Id","ProgramId","PatientId","InviteeName","CreatedBy","CreatedAt","StartedAt","CompletedModules","PercentComplete") FROM STDIN (FORMAT BINARY)""",
                rows.Enrollments, async (w, r) =>
                {
                    await w.WriteAsync(r.Id, NpgsqlDbType.Uuid); await w.WriteAsync(r.ProgramId); await w.WriteAsync(r.PatientId); await w.WriteAsync("");
                    await w.WriteAsync(Marker); await w.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz); await w.WriteAsync(r.CreatedAt, NpgsqlDbType.TimestampTz);
                    await w.WriteAsync(0); await w.WriteAsync(0);
                });
            await CopyAsync("""COPY "ProgressEvents" ("EnrollmentId","Verb","ModuleId","ObjectId","Release","At") FROM STDIN (FORMAT BINARY)""",
                rows.Events, async (w, r) =>
                {
                    await w.WriteAsync(r.EnrollmentId, NpgsqlDbType.Uuid); await w.WriteAsync(r.Verb); await w.WriteAsync(r.ModuleId);
                    if (r.ObjectId is null) { await w.WriteNullAsync(); } else { await w.WriteAsync(r.ObjectId); }
                    await w.WriteAsync(1); await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz);
                });
            await CopyAsync("""COPY "ModuleProgress" ("EnrollmentId","ModuleId","StartedAt","CompletedAt") FROM STDIN (FORMAT BINARY)""",
                rows.Modules, async (w, r) =>
                {
                    await w.WriteAsync(r.EnrollmentId, NpgsqlDbType.Uuid); await w.WriteAsync(r.ModuleId); await w.WriteAsync(r.StartedAt, NpgsqlDbType.TimestampTz);
                    if (r.CompletedAt is { } c) { await w.WriteAsync(c, NpgsqlDbType.TimestampTz); } else { await w.WriteNullAsync(); }
                });
            await CopyAsync("""COPY "QuestionnaireResults" ("EnrollmentId","ModuleId","BlockId","QuestionnaireId","Release","SubmissionId","AnswersJson","Total","MaxTotal","AlertsJson","TrafficLight","SubmittedAt") FROM STDIN (FORMAT BINARY)""",
                rows.Results, async (w, r) =>
                {
                    await w.WriteAsync(r.EnrollmentId, NpgsqlDbType.Uuid); await w.WriteAsync(r.ModuleId); await w.WriteAsync("bench"); await w.WriteAsync(r.QuestionnaireId);
                    await w.WriteAsync(1); await w.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid); await w.WriteAsync("{}"); await w.WriteAsync(r.Total); await w.WriteAsync(27);
                    await w.WriteAsync("[]"); await w.WriteAsync(r.Light); await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz);
                });
            await CopyAsync("""COPY "Messages" ("EnrollmentId","SenderId","SenderName","FromPatient","Body","ClientId","SentAt") FROM STDIN (FORMAT BINARY)""",
                rows.Messages, async (w, r) =>
                {
                    await w.WriteAsync(r.EnrollmentId, NpgsqlDbType.Uuid); await w.WriteAsync(r.FromPatient ? "patient" : Marker); await w.WriteAsync("");
                    await w.WriteAsync(r.FromPatient); await w.WriteAsync(""); await w.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid); await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz);
                });
            await CopyAsync("""COPY "StaffTimeEntries" ("EnrollmentId","StaffUserId","Minutes","At") FROM STDIN (FORMAT BINARY)""",
                rows.Time, async (w, r) =>
                {
                    await w.WriteAsync(r.EnrollmentId, NpgsqlDbType.Uuid); await w.WriteAsync(Marker); await w.WriteAsync(r.Minutes); await w.WriteAsync(r.At, NpgsqlDbType.TimestampTz);
                });
            Count(rows);
            rows.Clear();
        }

        public override async Task CompleteAsync()
        {
            await using var analyze = new NpgsqlCommand("ANALYZE", connection);
            await analyze.ExecuteNonQueryAsync();
        }

        private async Task CopyAsync<T>(string copy, List<T> items, Func<NpgsqlBinaryImporter, T, Task> write)
        {
            await using var importer = await connection.BeginBinaryImportAsync(copy);
            foreach (var item in items)
            {
                await importer.StartRowAsync();
                await write(importer, item);
            }
            await importer.CompleteAsync();
        }
    }
}
