using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Data;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>What a patient's browser does on a program page (form tokens, autosave), and a look into Delivery's database.</summary>
public static partial class PatientPages
{
    public static async Task<T> QueryAsync<T>(AppFactory<ContentPlatform.Delivery.DeliveryApp> app, Func<DeliveryDbContext, Task<T>> query)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>());
    }

    public static async Task<string> PageTokenAsync(HttpClient client, string url) => (await FormFieldsAsync(client, url)).Token;

    public static async Task<(string Token, string SubmissionId)> FormFieldsAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var token = TokenPattern().Match(html).Groups[1].Value;
        var submission = SubmissionPattern().Match(html).Groups[1].Value;
        return (WebUtility.HtmlDecode(token), submission);
    }

    public static Task<HttpResponseMessage> AutosaveAsync(HttpClient client, Guid enrollmentId, string token, string blockId, string text,
        int release = 1)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/my/enrollments/{enrollmentId}/answers")
        {
            Content = JsonContent.Create(new { blockId, release, fields = new Dictionary<string, string> { ["text"] = text } }),
        };
        request.Headers.Add("RequestVerificationToken", token);
        return client.SendAsync(request);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    [GeneratedRegex("name=\"submissionId\" value=\"([^\"]+)\"")]
    private static partial Regex SubmissionPattern();
}
