using System.Text;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Telemetry;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// The national identity number arrives in every ID-porten token; it must never leave the sign-in: not in the database
/// (only its keyed hash), not in any log line at any level, not in a span, not on a page, not in a URL of ours.
/// </summary>
[Collection(TelemetryRunsAlone.Name)]
public sealed class IdentityNumberPrivacyTests
{
    [Fact]
    public async Task The_identity_number_appears_in_no_database_byte_log_line_span_or_page()
    {
        var pid = TestPersons.KariNordmann.Pid;
        await using var idporten = await NationalSignIn.IdPortenAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten, traced: true);
        var code = await app.Services.InviteAsync();
        var client = app.Browser();

        var bound = await NationalSignIn.SignInAsync(client, new DemoLogin(pid), invitation: code);
        var again = await NationalSignIn.SignInAsync(app.Browser(), new DemoLogin(pid));
        var program = await client.GetStringAsync(bound.Landed);
        var myData = await client.GetStringAsync("/my-data");

        Assert.StartsWith("/my/", bound.Landed);
        Assert.Equal("/", again.Landed);
        Assert.DoesNotContain(pid, bound.Landed + again.Landed + bound.Callback);
        Assert.DoesNotContain(pid, program + myData);
        Assert.DoesNotContain(app.Log(), line => line.Contains(pid, StringComparison.Ordinal));
        Assert.NotEmpty(app.Spans());
        Assert.DoesNotContain(app.Spans(), span => span.DisplayName.Contains(pid, StringComparison.Ordinal) ||
            span.TagObjects.Any(t => $"{t.Value}".Contains(pid, StringComparison.Ordinal)) ||
            span.Events.Any(e => e.Tags.Any(t => $"{t.Value}".Contains(pid, StringComparison.Ordinal))));
        // Committed pages are in the database file or its write-ahead log, both in the data folder.
        foreach (var file in Directory.EnumerateFiles(app.Database.DataPath, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(pid)) || Contains(bytes, Encoding.Unicode.GetBytes(pid)), $"{file} holds the number");
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
