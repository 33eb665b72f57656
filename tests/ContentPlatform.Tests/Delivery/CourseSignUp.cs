using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Mail;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// A course self-sign-up as a visitor does it: the form (privacy notice accepted), then the confirmation link from the
/// mail's outbox row, then the confirm button. Returns the confirm POST's answer (a redirect to /my/{enrollment}).
/// </summary>
internal static partial class CourseSignUp
{
    public static async Task<HttpResponseMessage> SignUpAsync(this HttpClient client, string courseId, string name, string email,
        string password = "a long enough passphrase")
    {
        var page = $"/courses/{courseId}";
        return await client.PostFormAsync(page, ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(page)),
            ("name", name), ("email", email), ("password", password), ("privacyAccepted", "yes"));
    }

    /// <summary>The link in the newest mail to <paramref name="email"/> (path and query).</summary>
    public static async Task<string> ConfirmationLinkAsync(this AppFactory<DeliveryApp> app, string email)
    {
        var row = await app.Services.WaitForRowAsync<DeliveryDbContext>(email, r => r.TextBody.Contains("/courses/confirm?", StringComparison.Ordinal));
        return new Uri(LinkPattern().Match(row.TextBody).Value).PathAndQuery;
    }

    public static async Task<HttpResponseMessage> ConfirmAsync(this HttpClient client, string link)
    {
        var html = await client.GetStringAsync(link);
        var fields = HiddenPattern().Matches(html).Select(m => (m.Groups[1].Value, WebUtility.HtmlDecode(m.Groups[2].Value)))
            .Where(f => f.Item1 is "u" or "t");
        return await client.PostFormAsync("/courses/confirm", [.. fields, ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(link))]);
    }

    /// <summary>Sign-up, mail, confirmation: the redirect to the course (the client is signed in afterwards).</summary>
    public static async Task<HttpResponseMessage> JoinCourseAsync(this HttpClient client, AppFactory<DeliveryApp> app, string courseId,
        string name, string email, string password = "a long enough passphrase")
    {
        var signedUp = await client.SignUpAsync(courseId, name, email, password);
        Assert.Equal(HttpStatusCode.OK, signedUp.StatusCode);
        return await client.ConfirmAsync(await app.ConfirmationLinkAsync(email));
    }

    [GeneratedRegex(@"https?://\S+/courses/confirm\?\S+")]
    private static partial Regex LinkPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(\\w+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
