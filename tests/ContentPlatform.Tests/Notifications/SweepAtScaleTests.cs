using System.Data.Common;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ContentPlatform.Tests.Notifications;

/// <summary>
/// The reminder sweep in a large installation: two bugs the 100,000-enrolment benchmark found (docs/benchmarks.md), kept
/// found. A list of every enrollment id as SQL parameters crashed SQLite past 32,766 of them; and a steady sweep re-inserted
/// every still-due occurrence until each instance remembered the once keys it had seen stored.
/// </summary>
public sealed class SweepAtScaleTests
{
    /// <summary>Thursday 14 January 2027, 12:00 in Oslo.</summary>
    private static readonly DateTimeOffset WinterNoon = new(2027, 1, 14, 11, 0, 0, TimeSpan.Zero);

    /// <summary>More enrollments than SQLite takes parameters in one statement (32,766).</summary>
    private const int Bulk = 33_000;

    [Fact]
    public async Task A_sweep_over_more_enrollments_than_SQLite_takes_parameters_finds_every_due_questionnaire()
    {
        var clock = new FakeTimeProvider(WinterNoon);
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, clock);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var (_, _, template) = await app.Services.CareTeamAsync();
        // A week and an hour in, active today: the first weekly form fell due an hour ago and nothing else is due.
        await app.DbAsync(db => db.Enrollments.Where(e => e.Id == template).ExecuteUpdateAsync(s => s
            .SetProperty(e => e.StartedAt, WinterNoon.AddDays(-7).AddHours(-1)).SetProperty(e => e.LastActivityAt, WinterNoon)));
        // Copies of that enrollment in one statement (EF's inserts would take most of a minute here).
        await app.DbAsync(db => db.Database.ExecuteSqlRawAsync($$"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {{Bulk}})
            INSERT INTO "Enrollments" ("Id", "ProgramId", "PatientId", "InviteeName", "CreatedBy", "CreatedAt", "StartedAt",
                "LastActivityAt", "CompletedModules", "PercentComplete")
            SELECT printf('00000000-0000-4000-8000-%012d', n.i), e."ProgramId", 'bulk-' || n.i, e."InviteeName", e."CreatedBy",
                e."CreatedAt", e."StartedAt", e."LastActivityAt", 0, 0
            FROM n, "Enrollments" AS e WHERE e."Id" = {0}
            """, template));

        Assert.Equal(Bulk + 1, await app.SweepAsync());
        Assert.Equal(Bulk + 1, await app.DbAsync(db => db.Notifications.CountAsync(n => n.Kind == NotificationKinds.QuestionnaireDue)));
    }

    [Fact]
    public async Task A_second_sweep_with_nothing_new_issues_no_insert_and_a_new_occurrence_is_still_inserted()
    {
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, new FakeTimeProvider(WinterNoon));
        var sweep = NewSweep(app);
        var commands = new InsertCounter();
        await using var db = CountedContext(app, commands);

        Assert.Equal(2, await sweep.InsertNewAsync(db, [Due("a"), Due("b")], WinterNoon, CancellationToken.None));
        Assert.Equal(1, commands.Inserts);

        Assert.Equal(0, await sweep.InsertNewAsync(db, [Due("a"), Due("b")], WinterNoon, CancellationToken.None));
        Assert.Equal(1, commands.Inserts); // nothing new: no statement at all

        Assert.Equal(1, await sweep.InsertNewAsync(db, [Due("a"), Due("b"), Due("c")], WinterNoon, CancellationToken.None));
        Assert.Equal(2, commands.Inserts);
        Assert.Equal(["k:a", "k:b", "k:c"], (await app.NotificationsAsync()).Select(n => n.OnceKey));
    }

    [Fact]
    public async Task The_memory_of_stored_keys_starts_over_at_its_cap_and_the_database_still_refuses_a_repeat()
    {
        await using var app = await NotifyApp.CreateAsync(Db.Sqlite, new FakeTimeProvider(WinterNoon));
        var sweep = NewSweep(app, cap: 3);
        var commands = new InsertCounter();
        await using var db = CountedContext(app, commands);

        await sweep.InsertNewAsync(db, [Due("a"), Due("b")], WinterNoon, CancellationToken.None);
        await sweep.InsertNewAsync(db, [Due("c"), Due("d")], WinterNoon, CancellationToken.None);
        Assert.Equal(2, sweep.RememberedCount); // four would pass the cap of three: it forgot a and b, kept c and d
        Assert.Equal(2, commands.Inserts);

        Assert.Equal(0, await sweep.InsertNewAsync(db, [Due("c"), Due("d")], WinterNoon, CancellationToken.None));
        Assert.Equal(2, commands.Inserts);
        Assert.Equal(0, await sweep.InsertNewAsync(db, [Due("a"), Due("b")], WinterNoon, CancellationToken.None));
        Assert.Equal(3, commands.Inserts); // forgotten keys go to the database again, which refuses the repeat
        Assert.True(sweep.RememberedCount <= 3);
        Assert.Equal(4, (await app.NotificationsAsync()).Count);
    }

    private static DueNotification Due(string key) => new($"k:{key}", "patient-1", Guid.Empty, NotificationKinds.ModuleOpened);

    /// <summary>A sweep of its own (the app's is shared by the worker), with a small cap where the test needs one.</summary>
    private static NotificationSweep NewSweep(NotifyApp app, int cap = 2_000_000) =>
        new(app.Services.GetRequiredService<IServiceScopeFactory>(), app.Clock, app.Services.GetRequiredService<DeliveryWriteGate>())
        {
            MaxRememberedKeys = cap,
        };

    /// <summary>A context on the app's database with the command counter added to the app's own options.</summary>
    private static SqliteDeliveryDbContext CountedContext(NotifyApp app, InsertCounter counter)
    {
        var options = app.Services.GetRequiredService<DbContextOptions<SqliteDeliveryDbContext>>();
        return new SqliteDeliveryDbContext(new DbContextOptionsBuilder<SqliteDeliveryDbContext>(options).AddInterceptors(counter).Options);
    }

    private sealed class InsertCounter : DbCommandInterceptor
    {
        private int _inserts;

        public int Inserts => Volatile.Read(ref _inserts);

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (command.CommandText.TrimStart().StartsWith("INSERT", StringComparison.OrdinalIgnoreCase))
            {
                Interlocked.Increment(ref _inserts);
            }
            return ValueTask.FromResult(result);
        }
    }
}
