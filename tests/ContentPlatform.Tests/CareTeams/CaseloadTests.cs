using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.CareTeams;

public sealed partial class CaseloadTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_caseload_lists_only_the_therapists_patients_most_urgent_first_with_the_reasons(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var per = await app.TherapistAsync("per@example.no", "Per");
        var now = DateTimeOffset.UtcNow;

        var (_, green) = await app.PatientOfAsync(tone.Id, "gro@example.no", "Gro");
        var (kariId, yellow) = await app.PatientOfAsync(tone.Id, "kari@example.no", "Kari");
        var (_, red) = await app.PatientOfAsync(tone.Id, "rolf@example.no", "Rolf");
        var (_, inactive) = await app.PatientOfAsync(tone.Id, "ida@example.no", "Ida");
        await app.PatientOfAsync(per.Id, "ola@example.no", "Ola"); // Per's patient: never in Tone's list

        await app.ScoreAsync(green, 2, "green", now.AddDays(-1));
        await app.MessageAsync(yellow, kariId, fromPatient: true, now.AddDays(-4)); // promised reply: 3 days
        await app.ScoreAsync(red, 5, "yellow", now.AddDays(-8));
        await app.ScoreAsync(red, 8, "red", now.AddHours(-3), """[{"item":"q3","color":"red","reason":{"nb":"Håpløshet","nn":"Håplausheit"}}]""");
        await app.ActiveAtAsync(inactive, now.AddDays(-12));
        foreach (var e in new[] { green, yellow, red })
        {
            await app.ActiveAtAsync(e, now.AddHours(-2));
        }

        var client = await app.SignedInClientAsync("tone@example.no");
        var html = await client.GetStringAsync("/staff");
        Assert.Equal(["Rolf", "Kari", "Ida", "Gro"], PatientNames(html));
        Assert.DoesNotContain(">Ola<", html); // as text: a random antiforgery token on the page may contain the letters
        Assert.Contains("Ukesjekk: Håpløshet", html);
        Assert.Contains("En melding har ventet på svar i 4 dager", html);
        Assert.Contains("Ingen aktivitet på 12 dager", html);
        Assert.Contains("Lengst ventende melding: 4 dager", html);
        Assert.Matches(@"Rød</span>\s*<strong>1</strong>", html);
        Assert.Matches(@"Gul</span>\s*<strong>2</strong>", html);

        // Filters are links: only the red, only those waiting for a reply, a name.
        Assert.Equal(["Rolf"], PatientNames(await client.GetStringAsync("/staff?light=Red")));
        Assert.Equal(["Kari"], PatientNames(await client.GetStringAsync("/staff?waiting=true")));
        Assert.Equal(["Ida"], PatientNames(await client.GetStringAsync("/staff?q=id")));

        var nn = await app.SignedInClientAsync("tone@example.no", "nn");
        var nnHtml = await nn.GetStringAsync("/staff");
        Assert.Contains("Pasientane mine", nnHtml);
        Assert.Contains("Vekesjekk: Håplausheit", nnHtml);
        Assert.Contains("Ei melding har venta på svar i 4 dagar", nnHtml);
    }

    [Fact]
    public async Task An_answered_message_no_longer_waits_and_a_worse_score_turns_yellow()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (kariId, kari) = await app.PatientOfAsync(tone.Id, "kari@example.no", "Kari");
        var now = DateTimeOffset.UtcNow;
        await app.ActiveAtAsync(kari, now);
        await app.MessageAsync(kari, kariId, fromPatient: true, now.AddDays(-5));
        await app.MessageAsync(kari, tone.Id, fromPatient: false, now.AddDays(-1));
        await app.ScoreAsync(kari, 1, "green", now.AddDays(-7));
        await app.ScoreAsync(kari, 5, "yellow", now.AddDays(-1)); // the program's default threshold is 3 points

        var html = await (await app.SignedInClientAsync("tone@example.no")).GetStringAsync("/staff");
        Assert.DoesNotContain("ventet på svar", html);
        Assert.Contains("Ingen meldinger venter på svar.", html);
        Assert.Contains("Ukesjekk: 4 poeng verre enn forrige gang", html);
        Assert.Contains("data-light=\"yellow\"", html);
    }

    [Fact]
    public async Task Patients_and_analysts_cannot_open_the_caseload()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", ContentPlatform.Delivery.Identity.DeliveryRoles.Patient);
        await app.Services.CreateUserAsync("ana@example.no", "Ana", ContentPlatform.Delivery.Identity.DeliveryRoles.Analyst);
        foreach (var email in new[] { "anne@example.no", "ana@example.no" })
        {
            var response = await (await app.SignedInClientAsync(email)).GetAsync("/staff");
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/denied", response.Headers.Location!.AbsolutePath);
        }
    }

    private static List<string> PatientNames(string html) =>
        RowPattern().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    // On a phone each cell carries a visible label for sighted readers (hidden from screen readers, which read the header).
    [GeneratedRegex("<th scope=\"row\">(?:<span class=\"cell-label\"[^>]*>[^<]*</span>)?<a href=\"/staff/patients/[0-9a-f-]+\">([^<]+)</a>")]
    private static partial Regex RowPattern();
}
