using System.Text;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.MyData;

/// <summary>
/// The access-log chain is keyed and its heads are anchored outside the database: someone with database write access
/// can neither recompute it without the key nor cut its newest rows unseen.
/// </summary>
public sealed class AccessLogChainTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_chain_recomputed_with_plain_SHA256_after_an_edit_is_detected_from_the_edited_row(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var patientId = await LogAsync(app, 4);

        // Someone with database access hides who looked at entry 2, then recomputes the rest of the chain as it was
        // computed before the key existed.
        await app.DbAsync(d => d.AccessLog.Where(a => a.PatientId == patientId && a.Sequence == 2)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.StaffName, "Ukjent")));
        await RecomputeWithoutKeyAsync(app, patientId, from: 2);

        Assert.Equal(new AccessLogCheck(false, 4, 2), await VerifyAsync(app, patientId));
        var patient = await app.SignedInClientAsync("anne@example.no");
        var page = await patient.GetStringAsync("/my-data");
        Assert.Contains("id=\"access-log-broken\"", page);
        Assert.Contains("fra oppføring 2", page);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Deleting_the_newest_rows_after_an_anchor_is_detected_and_shown_to_the_patient(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var patientId = await LogAsync(app, 3);
        Assert.Equal(1, await app.Services.GetRequiredService<AccessLogAnchors>().FlushAsync(CancellationToken.None));

        await app.DbAsync(d => d.AccessLog.Where(a => a.PatientId == patientId && a.Sequence >= 2).ExecuteDeleteAsync());

        var check = await VerifyAsync(app, patientId);
        Assert.False(check.Intact);
        Assert.Equal((1, null, 3), (check.Entries, check.FirstBrokenSequence, check.AnchoredEntries));
        var patient = await app.SignedInClientAsync("anne@example.no");
        var page = await patient.GetStringAsync("/my-data");
        Assert.Contains("id=\"access-log-cut\"", page);
        Assert.Contains("minst 3 oppføringer", page);
        Assert.DoesNotContain("id=\"access-log-intact\"", page);
    }

    [Fact]
    public async Task A_valid_chain_verifies_across_anchors_and_the_patient_is_told_so()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var patientId = await LogAsync(app, 2);
        await app.Services.GetRequiredService<AccessLogAnchors>().FlushAsync(CancellationToken.None);
        await LogMoreAsync(app, patientId, 2);

        Assert.Equal(new AccessLogCheck(true, 4, null), await VerifyAsync(app, patientId));
        var patient = await app.SignedInClientAsync("anne@example.no");
        Assert.Contains("id=\"access-log-intact\"", await patient.GetStringAsync("/my-data"));
    }

    [Fact]
    public async Task The_chain_key_is_stored_nowhere_in_the_database_and_the_hashes_are_not_plain_SHA256()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var patientId = await LogAsync(app, 2);

        var rows = await app.DbAsync(d => d.AccessLog.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync());
        Assert.NotEqual(AccessLogChain.Legacy("", patientId, 1, rows[0].StaffUserId, rows[0].StaffName, rows[0].At, rows[0].What,
            rows[0].EnrollmentId), rows[0].Hash);

        // Every text cell of every table (the raw file could hide it in free pages; the cells are what a dump shows).
        SqliteConnection.ClearAllPools();
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(app.Database.DataPath, "delivery.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Contains("AccessLog", tables);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var cell = reader.GetValue(i) switch { string s => s, byte[] b => Encoding.UTF8.GetString(b), _ => "" };
                    Assert.DoesNotContain(AppFactory<DeliveryApp>.TestAccessLogKey, cell);
                }
            }
        }
    }

    [Fact]
    public async Task Rows_written_before_the_key_keep_verifying_once_sealed_but_a_plain_SHA256_row_added_later_does_not()
    {
        var database = await TestDatabase.CreateAsync(Db.Sqlite, "delivery");
        await using (database)
        {
            string patientId;
            await using (var before = new AppFactory<DeliveryApp>(database, ownsDatabase: false))
            {
                patientId = (await before.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient)).Id;
                await before.DbAsync(async d =>
                {
                    var previous = "";
                    for (var s = 1; s <= 3; s++)
                    {
                        var at = DateTimeOffset.UnixEpoch.AddDays(20000 + s);
                        previous = AccessLogChain.Legacy(previous, patientId, s, "staff", "Tone", at, AccessKinds.Overview, null);
                        d.AccessLog.Add(new AccessLogEntry
                        {
                            PatientId = patientId, Sequence = s, StaffUserId = "staff", StaffName = "Tone", At = at, What = AccessKinds.Overview,
                            Hash = previous,
                        });
                    }
                    await d.SaveChangesAsync();
                });
            }
            // The installation before the upgrade had no anchor file.
            File.Delete(Path.Combine(database.DataPath, "access-log-anchors.log"));

            await using var after = new AppFactory<DeliveryApp>(database, ownsDatabase: false);
            Assert.Equal(new AccessLogCheck(true, 3, null), await VerifyAsync(after, patientId));
            await LogMoreAsync(after, patientId, 1);
            Assert.Equal(new AccessLogCheck(true, 4, null), await VerifyAsync(after, patientId));

            // A row appended with the old, unkeyed hash after the seal is not vouched for by any anchor.
            await after.DbAsync(async d =>
            {
                var head = await d.AccessLog.AsNoTracking().Where(a => a.PatientId == patientId).OrderByDescending(a => a.Sequence).FirstAsync();
                var at = head.At.AddMinutes(1);
                d.AccessLog.Add(new AccessLogEntry
                {
                    PatientId = patientId, Sequence = 5, StaffUserId = "staff", StaffName = "Tone", At = at, What = AccessKinds.Answers,
                    Hash = AccessLogChain.Legacy(head.Hash, patientId, 5, "staff", "Tone", at, AccessKinds.Answers, null),
                });
                await d.SaveChangesAsync();
            });
            Assert.Equal(new AccessLogCheck(false, 5, 5), await VerifyAsync(after, patientId));
        }
    }

    /// <summary>Anne is enrolled with Tone, who opens her record <paramref name="views"/> times.</summary>
    private static async Task<string> LogAsync(AppFactory<DeliveryApp> app, int views)
    {
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (patientId, _) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        await LogMoreAsync(app, patientId, views);
        return patientId;
    }

    private static async Task LogMoreAsync(AppFactory<DeliveryApp> app, string patientId, int views)
    {
        for (var i = 0; i < views; i++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<AccessLog>()
                .WriteAsync(patientId, "staff-id", "Tone", AccessKinds.Overview, null, CancellationToken.None);
        }
    }

    private static async Task<AccessLogCheck> VerifyAsync(AppFactory<DeliveryApp> app, string patientId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AccessLog>().VerifyAsync(patientId, CancellationToken.None);
    }

    /// <summary>Rewrites the hashes from <paramref name="from"/> on as the unkeyed chain computed them.</summary>
    private static Task RecomputeWithoutKeyAsync(AppFactory<DeliveryApp> app, string patientId, int from) =>
        app.DbAsync(async d =>
        {
            var rows = await d.AccessLog.Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync();
            var previous = from > 1 ? rows[from - 2].Hash : "";
            foreach (var r in rows.Where(r => r.Sequence >= from))
            {
                previous = AccessLogChain.Legacy(previous, r.PatientId, r.Sequence, r.StaffUserId, r.StaffName, r.At, r.What, r.EnrollmentId);
                await d.AccessLog.Where(a => a.Id == r.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.Hash, previous));
            }
        });
}
