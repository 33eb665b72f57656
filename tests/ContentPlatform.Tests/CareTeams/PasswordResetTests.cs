using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.CareTeams;

/// <summary>Password reset by invitation: the care team hands the patient a one-time link.</summary>
public sealed partial class PasswordResetTests
{
    [Fact]
    public async Task The_therapist_gives_a_one_time_link_and_the_patient_chooses_a_new_password_that_also_lifts_a_lockout()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var therapist = await app.SignedInClientAsync("tone@example.no");
        var url = $"/staff/patients/{enrollment}";
        var created = await therapist.PostFormAsync($"{url}?handler=ResetLink", ("__RequestVerificationToken", await therapist.AntiforgeryTokenAsync(url)));
        var link = new Uri(WebUtility.HtmlDecode(LinkPattern().Match(await created.Content.ReadAsStringAsync()).Groups[1].Value));

        // Anne has locked herself out with five wrong passwords.
        var anne = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        for (var i = 0; i < 5; i++)
        {
            await anne.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", "wrong password 123"),
                ("__RequestVerificationToken", await anne.AntiforgeryTokenAsync("/account/login")));
        }
        var resetPage = await anne.GetStringAsync(link.PathAndQuery);
        (string, string)[] form = [.. HiddenFields(resetPage), ("__RequestVerificationToken", await anne.AntiforgeryTokenAsync(link.PathAndQuery))];

        var tooShort = await anne.PostFormAsync("/account/reset", [.. form, ("password", "kort")]);
        Assert.Equal(HttpStatusCode.BadRequest, tooShort.StatusCode);
        Assert.Contains("Passordet må ha minst 12 tegn.", await tooShort.Content.ReadAsStringAsync());
        var done = await anne.PostFormAsync("/account/reset", [.. form, ("password", "a brand new passphrase")]);
        Assert.Contains("Passordet er endret.", await done.Content.ReadAsStringAsync());

        var again = await anne.PostFormAsync("/account/reset", [.. form, ("password", "someone else's passphrase")]);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Contains("Lenken er utløpt eller allerede brukt.", await again.Content.ReadAsStringAsync());

        var signIn = await anne.PostFormAsync("/account/login", ("email", "anne@example.no"), ("password", "a brand new passphrase"),
            ("__RequestVerificationToken", await anne.AntiforgeryTokenAsync("/account/login")));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
    }

    [Fact]
    public async Task A_therapist_outside_the_care_team_cannot_make_a_reset_link()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.TherapistAsync("tone@example.no", "Tone");
        await app.TherapistAsync("per@example.no", "Per");
        var (_, enrollment) = await app.PatientOfAsync(tone.Id, "anne@example.no", "Anne");
        var per = await app.SignedInClientAsync("per@example.no");
        var response = await per.PostFormAsync($"/staff/patients/{enrollment}?handler=ResetLink",
            ("__RequestVerificationToken", await per.AntiforgeryTokenAsync("/staff/enrol")));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static (string, string)[] HiddenFields(string html) =>
        HiddenPattern().Matches(html).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value))).ToArray();

    [GeneratedRegex("<a id=\"reset-link\" href=\"([^\"]+)\"")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
