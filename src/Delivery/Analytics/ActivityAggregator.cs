using System.Security.Cryptography;
using System.Text;
using ContentPlatform.Delivery.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Keeps the analytics aggregates current. The progress log, messages, questionnaire results and time entries are
/// append-only with increasing ids, so a cursor per table is enough: each call reads only what arrived since the last
/// one. New progress events are folded into <see cref="ActivityDay"/> by one set-based INSERT … SELECT per batch; every
/// enrollment touched by anything new (or new itself, or in a program whose module list changed) has its summary rows
/// rebuilt from its own facts (<see cref="SummaryBuilder"/>). Called before every indicator query, so the aggregates are
/// always current without a background job, and indicator pages never scan the log.
/// </summary>
public sealed class ActivityAggregator(DeliveryWriteGate gate, TimeProvider clock) : IDisposable
{
    public const string CursorName = "activity-days";
    private const string MessagesCursor = "messages";
    private const string ResultsCursor = "results";
    private const string TimeCursor = "time-entries";
    private const string OrderPrefix = "modules:";
    private const string GenerationCursor = "generation";
    private const int EventBatch = 500_000;
    private const int RebuildBatch = 2_000;

    // On PostgreSQL two transactions can commit their ids out of order; rows younger than this are left for the next
    // call so a slow commit with a smaller id is not skipped. SQLite has a single writer, so no hold-back is needed.
    private static readonly TimeSpan PostgresHoldBack = TimeSpan.FromSeconds(30);

    // Serialises catch-up across Delivery instances sharing one PostgreSQL database (session advisory lock).
    private const long PostgresLockKey = 0x414E414C59544943; // "ANALYTIC"

    private readonly SemaphoreSlim _running = new(1, 1);

    public void Dispose() => _running.Dispose();

    public static int DayOf(DateTimeOffset at) => DayOf(DateOnly.FromDateTime(at.UtcDateTime));

    public static int DayOf(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    public static DateOnly DateOf(int day) => DateOnly.FromDayNumber(Epoch.DayNumber + day);

    /// <summary>Monday-based weeks: 1970-01-01 was a Thursday, so day −3 is the Monday of week 0.</summary>
    public static int WeekOf(int day) => (int)Math.Floor((day + 3) / 7.0);

    public static int MonthOf(DateOnly date) => date.Year * 12 + date.Month - 1;

    private static readonly DateOnly Epoch = new(1970, 1, 1);

    public async Task CatchUpAsync(DeliveryDbContext db, IReadOnlyList<AnalyticsProgram> programs, CancellationToken ct)
    {
        await _running.WaitAsync(ct);
        var postgres = db.Database.IsNpgsql();
        try
        {
            if (postgres)
            {
                await db.Database.OpenConnectionAsync(ct);
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({PostgresLockKey})", ct);
            }
            // SQLite has one writer, so ids are committed in order and nothing is held back — not even a row dated in
            // the future (a skewed clock), which would otherwise stop the cursor and be re-read by every page until then.
            await StepAsync(db, programs, postgres ? clock.GetUtcNow() - PostgresHoldBack : DateTimeOffset.MaxValue, ct);
        }
        finally
        {
            if (postgres)
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({PostgresLockKey})", CancellationToken.None);
                await db.Database.CloseConnectionAsync();
            }
            _running.Release();
        }
    }

    private async Task StepAsync(DeliveryDbContext db, IReadOnlyList<AnalyticsProgram> programs, DateTimeOffset before, CancellationToken ct)
    {
        var postgres = db.Database.IsNpgsql();
        var cursors = await db.AnalyticsCursors.AsNoTracking().ToDictionaryAsync(c => c.Name, c => c.LastEventId, ct);
        long Last(string name) => cursors.GetValueOrDefault(name);
        var moved = new Dictionary<string, long>();
        var touched = new HashSet<Guid>();

        // Progress events: day aggregate in SQL, then the enrollments they belong to.
        var lastEvent = Last(CursorName);
        var upTo = await db.ProgressEvents.MaxAsync(e => (long?)e.Id, ct) ?? 0;
        if (postgres && upTo > lastEvent && await db.ProgressEvents.Where(e => e.Id > lastEvent && e.At > before).MinAsync(e => (long?)e.Id, ct) is { } young)
        {
            upTo = young - 1;
        }
        var (scopesSql, scopeValues) = Scopes(programs);
        for (var from = lastEvent; from < upTo; from += EventBatch)
        {
            var to = Math.Min(upTo, from + EventBatch);
            using (await gate.EnterAsync(ct))
            {
                await using var tx = await db.Database.BeginTransactionAsync(ct);
                await db.Database.ExecuteSqlRawAsync(postgres ? PostgresDays : SqliteDays, [from, to], ct);
                if (scopeValues.Count > 0)
                {
                    await db.Database.ExecuteSqlRawAsync((postgres ? PostgresBuckets : SqliteBuckets).Replace("{scopes}", scopesSql, StringComparison.Ordinal),
                        [from, to, .. scopeValues], ct);
                }
                await tx.CommitAsync(ct);
            }
            touched.UnionWith(await db.ProgressEvents.Where(e => e.Id > from && e.Id <= to).Select(e => e.EnrollmentId).Distinct().ToListAsync(ct));
        }
        if (upTo > lastEvent)
        {
            moved[CursorName] = upTo;
        }

        // Messages, questionnaire results and time entries: only which enrollments they touch.
        var lastMessage = Last(MessagesCursor);
        await TouchAsync(db.Messages.Where(m => m.Id > lastMessage).OrderBy(m => m.Id).Select(m => new Row(m.Id, m.EnrollmentId, m.SentAt)), MessagesCursor);
        var lastResult = Last(ResultsCursor);
        await TouchAsync(db.QuestionnaireResults.Where(r => r.Id > lastResult).OrderBy(r => r.Id).Select(r => new Row(r.Id, r.EnrollmentId, r.SubmittedAt)), ResultsCursor);
        var lastTime = Last(TimeCursor);
        await TouchAsync(db.StaffTimeEntries.Where(t => t.Id > lastTime).OrderBy(t => t.Id).Select(t => new Row(t.Id, t.EnrollmentId, t.At)), TimeCursor);

        // New enrollments (none of the above may have happened to them yet). Enrollments are never deleted, so equal
        // counts mean every enrollment has its summary.
        var summaries = db.Set<EnrollmentSummary>();
        if (await db.Enrollments.CountAsync(ct) != await summaries.CountAsync(ct))
        {
            touched.UnionWith(await db.Enrollments.Where(e => !summaries.Any(s => s.EnrollmentId == e.Id)).Select(e => e.Id).ToListAsync(ct));
        }

        // A new release may change a program's module list, and with it who has completed all modules.
        foreach (var program in programs)
        {
            var name = OrderPrefix + program.ProgramId;
            var hash = OrderHash(program);
            if (!cursors.TryGetValue(name, out var known) || known != hash)
            {
                touched.UnionWith(await db.Enrollments.Where(e => e.ProgramId == program.ProgramId).Select(e => e.Id).ToListAsync(ct));
                moved[name] = hash;
            }
        }

        var order = programs.ToDictionary(p => p.ProgramId, p => (IReadOnlyList<string>)p.Modules.Select(m => m.Id).ToList());
        var organisations = programs.ToDictionary(p => p.ProgramId, p => p.Organisation);
        foreach (var chunk in await PatientChunksAsync(db, touched, ct))
        {
            await RebuildAsync(db, chunk, order, organisations, ct);
        }
        if (touched.Count > 0 || moved.Count > 0)
        {
            // Anything rebuilt changes some report: cached reports are keyed by this number (IndicatorQuery).
            moved[GenerationCursor] = Last(GenerationCursor) + 1;
        }
        if (moved.Count > 0)
        {
            using (await gate.EnterAsync(ct))
            {
                foreach (var (name, value) in moved)
                {
                    if (cursors.ContainsKey(name))
                    {
                        await db.AnalyticsCursors.Where(c => c.Name == name).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventId, value), ct);
                    }
                    else
                    {
                        db.AnalyticsCursors.Add(new AnalyticsCursor { Name = name, LastEventId = value });
                    }
                }
                await db.SaveChangesAsync(ct);
                db.ChangeTracker.Clear();
            }
        }
        return;

        async Task TouchAsync(IQueryable<Row> newRows, string cursor)
        {
            var rows = await newRows.AsNoTracking().ToListAsync(ct);
            // Rows committed out of id order on PostgreSQL: stop at the first one younger than the hold-back.
            var ready = rows.TakeWhile(r => r.At <= before).ToList();
            if (ready.Count > 0)
            {
                touched.UnionWith(ready.Select(r => r.EnrollmentId));
                moved[cursor] = ready[^1].Id;
            }
        }
    }

    private sealed record Row(long Id, Guid EnrollmentId, DateTimeOffset At);

    /// <summary>How many times the aggregates have changed (in the database, so every Delivery instance agrees).</summary>
    public static async Task<long> GenerationAsync(DeliveryDbContext db, CancellationToken ct) =>
        await db.AnalyticsCursors.AsNoTracking().Where(c => c.Name == GenerationCursor).Select(c => (long?)c.LastEventId).FirstOrDefaultAsync(ct) ?? 0;

    /// <summary>
    /// The touched enrollments with every other enrollment of the same patients, in chunks that never split a patient:
    /// distinct-patient counters (unique, active) of a patient are computed over all their enrollments at once.
    /// </summary>
    private static async Task<List<List<Guid>>> PatientChunksAsync(DeliveryDbContext db, HashSet<Guid> touched, CancellationToken ct)
    {
        var owner = new Dictionary<Guid, string?>();
        foreach (var chunk in touched.Chunk(RebuildBatch))
        {
            foreach (var e in await db.Enrollments.AsNoTracking().Where(e => chunk.Contains(e.Id)).Select(e => new { e.Id, e.PatientId }).ToListAsync(ct))
            {
                owner[e.Id] = e.PatientId;
            }
        }
        foreach (var chunk in owner.Values.OfType<string>().Distinct().Chunk(RebuildBatch))
        {
            foreach (var e in await db.Enrollments.AsNoTracking().Where(e => e.PatientId != null && chunk.Contains(e.PatientId)).Select(e => new { e.Id, e.PatientId }).ToListAsync(ct))
            {
                owner[e.Id] = e.PatientId;
            }
        }
        var chunks = new List<List<Guid>>();
        var current = new List<Guid>();
        foreach (var group in owner.GroupBy(x => x.Value ?? x.Key.ToString(), x => x.Key))
        {
            if (current.Count >= RebuildBatch)
            {
                chunks.Add(current);
                current = [];
            }
            current.AddRange(group);
        }
        if (current.Count > 0)
        {
            chunks.Add(current);
        }
        return chunks;
    }

    private async Task RebuildAsync(DeliveryDbContext db, IReadOnlyList<Guid> ids, Dictionary<string, IReadOnlyList<string>> order,
        Dictionary<string, string> organisations, CancellationToken ct)
    {
        var enrollments = await db.Enrollments.AsNoTracking().Where(e => ids.Contains(e.Id))
            .Select(e => new EnrollmentFact(e.Id, e.ProgramId, e.PatientId, e.CreatedAt)).ToListAsync(ct);
        var modules = (await db.ModuleProgress.AsNoTracking().Where(m => ids.Contains(m.EnrollmentId))
            .Select(m => new ModuleFact(m.EnrollmentId, m.ModuleId, m.StartedAt, m.CompletedAt)).ToListAsync(ct)).ToLookup(m => m.EnrollmentId);
        var scores = (await db.QuestionnaireResults.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId))
            .Select(r => new ScoreFact(r.Id, r.EnrollmentId, r.QuestionnaireId, r.Total, r.TrafficLight, r.SubmittedAt)).ToListAsync(ct)).ToLookup(s => s.EnrollmentId);
        var messages = (await db.Messages.AsNoTracking().Where(m => ids.Contains(m.EnrollmentId))
            .Select(m => new MessageFact(m.Id, m.EnrollmentId, m.FromPatient, m.SentAt)).ToListAsync(ct)).ToLookup(m => m.EnrollmentId);
        var time = (await db.StaffTimeEntries.AsNoTracking().Where(t => ids.Contains(t.EnrollmentId))
            .Select(t => new TimeFact(t.EnrollmentId, t.Minutes, t.At)).ToListAsync(ct)).ToLookup(t => t.EnrollmentId);
        var eventDays = (await db.ActivityDays.AsNoTracking().Where(a => ids.Contains(a.EnrollmentId))
            .Select(a => new { a.EnrollmentId, a.Day }).ToListAsync(ct)).ToLookup(a => a.EnrollmentId, a => a.Day);

        var rows = enrollments.Select(e => SummaryBuilder.Build(e, modules[e.Id], scores[e.Id], messages[e.Id], time[e.Id],
            eventDays[e.Id].Select(d => (int?)d).Max(), order.GetValueOrDefault(e.ProgramId) ?? [])).ToList();

        // Per-day counters: this chunk's new contributions minus what its enrollments contributed before.
        var counts = rows.Select(r => new DayCounters.Input(r, eventDays[r.Summary.EnrollmentId].ToList(), scores[r.Summary.EnrollmentId].ToList()))
            .GroupBy(x => x.Rows.Summary.PatientId ?? x.Rows.Summary.EnrollmentId.ToString())
            .SelectMany(patient => DayCounters.Of(patient.ToList(), organisations)).ToDictionary(x => x.Key, x => x.Value);
        var old = await db.Set<EnrollmentCounts>().AsNoTracking().Where(c => ids.Contains(c.EnrollmentId)).Select(c => c.Counts).ToListAsync(ct);
        var difference = DayCounters.Merge(counts.Values.SelectMany(c => c)
            .Concat(old.SelectMany(DayCounters.Deserialize).Select(c => c with { Count = -c.Count })));
        using (await gate.EnterAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await db.Set<EnrollmentSummary>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            await db.Set<ModuleSummary>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            await db.Set<ScoreSummary>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            await db.Set<WaitSummary>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            await db.Set<CareDaySummary>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            await db.Set<EnrollmentCounts>().Where(s => ids.Contains(s.EnrollmentId)).ExecuteDeleteAsync(ct);
            // Multi-row INSERTs: the first catch-up after an import writes millions of rows, and EF Core's one statement
            // per tracked entity took minutes.
            await InsertAsync(db, "AnalyticsEnrollments", ["EnrollmentId", "ProgramId", "PatientId", "CreatedDay", "StartedDay", "CompletedDay", "LastActiveDay"],
                rows.Select(r => r.Summary), x => [x.EnrollmentId, x.ProgramId, x.PatientId, x.CreatedDay, x.StartedDay, x.CompletedDay, x.LastActiveDay], ct);
            await InsertAsync(db, "AnalyticsModules", ["EnrollmentId", "ModuleId", "ProgramId", "CreatedDay", "StartedDay", "CompletedDay", "Seconds"],
                rows.SelectMany(r => r.Modules), x => [x.EnrollmentId, x.ModuleId, x.ProgramId, x.CreatedDay, x.StartedDay, x.CompletedDay, x.Seconds], ct);
            await InsertAsync(db, "AnalyticsScores",
                ["EnrollmentId", "QuestionnaireId", "ProgramId", "CreatedDay", "Measurements", "FirstDay", "FirstTotal", "FirstLight", "SecondDay", "LastTotal", "LastLight", "LastDay"],
                rows.SelectMany(r => r.Scores), x => [x.EnrollmentId, x.QuestionnaireId, x.ProgramId, x.CreatedDay, x.Measurements, x.FirstDay, x.FirstTotal,
                    x.FirstLight, x.SecondDay, x.LastTotal, x.LastLight, x.LastDay], ct);
            await InsertAsync(db, "AnalyticsWaits", ["EnrollmentId", "OpenedBy", "ProgramId", "CreatedDay", "OpenedDay", "ClosedDay", "Seconds"],
                rows.SelectMany(r => r.Waits), x => [x.EnrollmentId, x.OpenedBy, x.ProgramId, x.CreatedDay, x.OpenedDay, x.ClosedDay, x.Seconds], ct);
            await InsertAsync(db, "AnalyticsCareDays", ["EnrollmentId", "Day", "ProgramId", "CreatedDay", "Messages", "TimeEntries", "Minutes"],
                rows.SelectMany(r => r.CareDays), x => [x.EnrollmentId, x.Day, x.ProgramId, x.CreatedDay, x.Messages, x.TimeEntries, x.Minutes], ct);
            await InsertAsync(db, "AnalyticsEnrollmentCounts", ["EnrollmentId", "Counts"], counts, x => [x.Key, DayCounters.Serialize(x.Value)], ct);
            await AddCountsAsync(db, difference, ct);
            await tx.CommitAsync(ct);
        }
    }

    private static async Task InsertAsync<T>(DeliveryDbContext db, string table, string[] columns, IEnumerable<T> rows, Func<T, object?[]> values,
        CancellationToken ct)
    {
        // Plain ADO.NET: binary COPY on PostgreSQL, one prepared INSERT re-bound per row on SQLite (in the caller's
        // transaction). EF Core's one tracked entity per statement, or thousands of parameters in one statement, took
        // minutes for the first catch-up after an import. GUIDs are written the way EF Core's SQLite provider stores
        // them (upper-case text).
        var connection = db.Database.GetDbConnection();
        var names = string.Join(", ", columns.Select(c => $"\"{c}\""));
        if (connection is NpgsqlConnection pg)
        {
            await using var importer = await pg.BeginBinaryImportAsync($"COPY \"{table}\" ({names}) FROM STDIN (FORMAT BINARY)", ct);
            foreach (var row in rows)
            {
                await importer.StartRowAsync(ct);
                foreach (var value in values(row))
                {
                    await (value switch
                    {
                        null => importer.WriteNullAsync(ct),
                        Guid g => importer.WriteAsync(g, NpgsqlDbType.Uuid, ct),
                        string text => importer.WriteAsync(text, NpgsqlDbType.Text, ct),
                        int i => importer.WriteAsync(i, NpgsqlDbType.Integer, ct),
                        long l => importer.WriteAsync(l, NpgsqlDbType.Bigint, ct),
                        _ => throw new NotSupportedException(value.GetType().Name),
                    });
                }
            }
            await importer.CompleteAsync(ct);
            return;
        }
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = $"INSERT INTO \"{table}\" ({names}) VALUES ({string.Join(", ", columns.Select((_, i) => $"@p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = $"@p{i}";
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();
        foreach (var row in rows)
        {
            var v = values(row);
            for (var i = 0; i < v.Length; i++)
            {
                parameters[i].Value = v[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    var other => other,
                };
            }
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    private static readonly string[] UpsertParameters = ["@s", "@r", "@d", "@n", "@c"];

    /// <summary>Adds each difference to its counter row (created at 0 when missing), in the caller's transaction.</summary>
    private static async Task AddCountsAsync(DeliveryDbContext db, List<DayCount> difference, CancellationToken ct)
    {
        await AddAsync(db, "AnalyticsDayCounts", difference, withSince: true, ct);
        // The totals over every Since (Since is not part of their key: 0 below is a placeholder).
        var totals = difference.GroupBy(c => (c.Scope, c.Series, c.Day)).Select(g => new DayCount(g.Key.Scope, g.Key.Series, g.Key.Day, 0, g.Sum(c => c.Count)))
            .Where(c => c.Count != 0).ToList();
        await AddAsync(db, "AnalyticsDayTotals", totals, withSince: false, ct);
    }

    private static async Task AddAsync(DeliveryDbContext db, string table, List<DayCount> difference, bool withSince, CancellationToken ct)
    {
        if (difference.Count == 0)
        {
            return;
        }
        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var key = withSince ? "\"Scope\", \"Series\", \"Day\", \"Since\"" : "\"Scope\", \"Series\", \"Day\"";
        var upsert = $"ON CONFLICT ({key}) DO UPDATE SET \"Count\" = \"{table}\".\"Count\" + excluded.\"Count\"";
        if (connection is NpgsqlConnection)
        {
            // One statement per batch: the keys are distinct (merged), as ON CONFLICT DO UPDATE requires.
            command.CommandText = withSince
                ? $"INSERT INTO \"{table}\" ({key}, \"Count\") SELECT * FROM unnest(@s, @r, @d, @n, @c) {upsert}"
                : $"INSERT INTO \"{table}\" ({key}, \"Count\") SELECT s, r, d, c FROM unnest(@s, @r, @d, @n, @c) AS u(s, r, d, n, c) {upsert}";
            command.Parameters.Add(new NpgsqlParameter<string[]>("s", difference.Select(c => c.Scope).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<string[]>("r", difference.Select(c => c.Series).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<int[]>("d", difference.Select(c => c.Day).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<int[]>("n", difference.Select(c => c.Since).ToArray()));
            command.Parameters.Add(new NpgsqlParameter<int[]>("c", difference.Select(c => c.Count).ToArray()));
            await command.ExecuteNonQueryAsync(ct);
            return;
        }
        command.CommandText = withSince
            ? $"INSERT INTO \"{table}\" ({key}, \"Count\") VALUES (@s, @r, @d, @n, @c) {upsert}"
            : $"INSERT INTO \"{table}\" ({key}, \"Count\") VALUES (@s, @r, @d, @c) {upsert}"; // @n is bound but unused
        var parameters = UpsertParameters.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        command.Prepare();
        foreach (var c in difference)
        {
            (parameters[0].Value, parameters[1].Value, parameters[2].Value, parameters[3].Value, parameters[4].Value) = (c.Scope, c.Series, c.Day, c.Since, c.Count);
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>The scopes each program's activity counts in (its own, its organisation's, the platform's) as SQL rows.</summary>
    private static (string Sql, List<object> Values) Scopes(IReadOnlyList<AnalyticsProgram> programs)
    {
        var values = new List<object>();
        var rows = new List<string>();
        foreach (var p in programs)
        {
            foreach (var scope in new[] { $"program:{p.ProgramId}", $"org:{p.Organisation}", "all" })
            {
                rows.Add($"SELECT {{{values.Count + 2}}} AS \"ProgramId\", {{{values.Count + 3}}} AS \"Scope\"");
                values.Add(p.ProgramId);
                values.Add(scope);
            }
        }
        return (string.Join(" UNION ALL ", rows), values);
    }

    // The organisation is part of it (its scope holds the program's distinct-patient counters), and so is the version
    // of the per-day counters: a database from before them gets every enrollment rebuilt once.
    private static long OrderHash(AnalyticsProgram program) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(
            string.Join("\n", program.Modules.Select(m => m.Id).Prepend($"day-counters-2\t{program.Organisation}")))));

    // Day, week and month of each new event, distinct per enrollment, in one statement. SQLite's date functions round
    // fractional seconds to milliseconds (23:59:59.9999999 would become the next day), so the fraction is cut off first.
    private const string SqliteDays = """
        INSERT OR IGNORE INTO "AnalyticsActivityDays" ("EnrollmentId", "Day", "ProgramId", "PatientId", "Week", "Month")
        SELECT d."EnrollmentId", d."Day", e."ProgramId", e."PatientId", (d."Day" + 3) / 7,
               CAST(strftime('%Y', d."Day" * 86400, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', d."Day" * 86400, 'unixepoch') AS INTEGER) - 1
        FROM (SELECT DISTINCT "EnrollmentId", unixepoch(substr("At", 1, 19) || substr("At", -6)) / 86400 AS "Day"
              FROM "ProgressEvents" WHERE "Id" > {0} AND "Id" <= {1}) AS d
        JOIN "Enrollments" AS e ON e."Id" = d."EnrollmentId"
        """;

    // Whole weeks (kind 0) and months (kind 1) in which each patient was active, per scope.
    private const string SqliteBuckets = """
        INSERT OR IGNORE INTO "AnalyticsActiveBuckets" ("Scope", "Kind", "Bucket", "PatientId")
        SELECT DISTINCT s."Scope", k."Kind", CASE k."Kind" WHEN 0 THEN (d."Day" + 3) / 7
               ELSE CAST(strftime('%Y', d."Day" * 86400, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', d."Day" * 86400, 'unixepoch') AS INTEGER) - 1 END,
               e."PatientId"
        FROM (SELECT DISTINCT "EnrollmentId", unixepoch(substr("At", 1, 19) || substr("At", -6)) / 86400 AS "Day"
              FROM "ProgressEvents" WHERE "Id" > {0} AND "Id" <= {1}) AS d
        JOIN "Enrollments" AS e ON e."Id" = d."EnrollmentId"
        JOIN ({scopes}) AS s ON s."ProgramId" = e."ProgramId"
        CROSS JOIN (SELECT 0 AS "Kind" UNION ALL SELECT 1) AS k
        WHERE e."PatientId" IS NOT NULL
        """;

    private const string PostgresBuckets = """
        INSERT INTO "AnalyticsActiveBuckets" ("Scope", "Kind", "Bucket", "PatientId")
        SELECT DISTINCT s."Scope", k."Kind",
               CASE k."Kind" WHEN 0 THEN (d."Day" + 3) / 7 ELSE (EXTRACT(YEAR FROM d."Date") * 12 + EXTRACT(MONTH FROM d."Date") - 1)::int END,
               e."PatientId"
        FROM (SELECT DISTINCT "EnrollmentId", floor(EXTRACT(EPOCH FROM "At") / 86400)::int AS "Day", ("At" AT TIME ZONE 'UTC')::date AS "Date"
              FROM "ProgressEvents" WHERE "Id" > {0} AND "Id" <= {1}) AS d
        JOIN "Enrollments" AS e ON e."Id" = d."EnrollmentId"
        JOIN ({scopes}) AS s ON s."ProgramId" = e."ProgramId"
        CROSS JOIN (SELECT 0 AS "Kind" UNION ALL SELECT 1) AS k
        WHERE e."PatientId" IS NOT NULL
        ON CONFLICT DO NOTHING
        """;

    private const string PostgresDays = """
        INSERT INTO "AnalyticsActivityDays" ("EnrollmentId", "Day", "ProgramId", "PatientId", "Week", "Month")
        SELECT d."EnrollmentId", d."Day", e."ProgramId", e."PatientId", (d."Day" + 3) / 7,
               (EXTRACT(YEAR FROM d."Date") * 12 + EXTRACT(MONTH FROM d."Date") - 1)::int
        FROM (SELECT DISTINCT "EnrollmentId", floor(EXTRACT(EPOCH FROM "At") / 86400)::int AS "Day", ("At" AT TIME ZONE 'UTC')::date AS "Date"
              FROM "ProgressEvents" WHERE "Id" > {0} AND "Id" <= {1}) AS d
        JOIN "Enrollments" AS e ON e."Id" = d."EnrollmentId"
        ON CONFLICT DO NOTHING
        """;
}
