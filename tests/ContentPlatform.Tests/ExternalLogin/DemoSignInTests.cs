using System.Net;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.StaffAdmin;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// README's "Demo sign-in" table names what each demo person is for. The demo accounts that `./run.sh` creates
/// (`demo-accounts` with Delivery's appsettings.Development.json, the real executable) must make that true: a newcomer
/// who picks Kari at the demo ID-porten is the demo Kari, Klara at the demo HelseID is the clinic admin, and Siv's weaker
/// HelseID sign-in still asks for her code.
/// </summary>
public sealed class DemoSignInTests
{
    [Fact]
    public async Task The_demo_persons_reach_the_demo_accounts_the_README_names_for_them()
    {
        await using var idporten = await NationalSignIn.IdPortenAsync(faults: false);
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, idporten, helseid);
        var (exit, output) = await StaffAdminSteps.RunAppAsync("Delivery", "Development", app.Database, new Dictionary<string, string?>
        {
            ["contentRoot"] = Path.Combine(RepoPaths.Root, "src", "Delivery"), // its appsettings.Development.json, as run.sh reads it
            ["Identity:PidKey"] = NationalSignIn.PidKey, // the key the app under test recognises patients by
        }, "demo-accounts");
        Assert.True(exit == 0, output);

        var kari = app.Browser();
        var kariLanded = await NationalSignIn.SignInAsync(kari, new DemoLogin(TestPersons.KariNordmann.Pid, TestPersons.High));
        Assert.Equal("/", kariLanded.Landed);
        Assert.Contains("Hei, Kari", WebUtility.HtmlDecode(await kari.GetStringAsync("/")), StringComparison.Ordinal);

        var klara = app.Browser();
        var klaraLanded = await NationalSignIn.SignInAsync(klara, new DemoLogin(TestPersons.KlaraKlinikkleiar.Pid), provider: "helseid");
        Assert.StartsWith("/staff", klaraLanded.Landed);
        Assert.Equal(HttpStatusCode.OK, (await klara.GetAsync("/admin/staff")).StatusCode);

        // Siv's account has no authenticator yet: her substantial sign-in does not count as the second factor, so the
        // caseload sends her to enrol one first.
        var siv = app.Browser();
        await NationalSignIn.SignInAsync(siv, new DemoLogin(TestPersons.SivSubstans.Pid), provider: "helseid");
        var caseload = await siv.GetAsync("/staff");
        Assert.Equal(HttpStatusCode.Redirect, caseload.StatusCode);
        Assert.StartsWith("/account/enrol-2fa", caseload.Headers.Location?.OriginalString);
    }
}
