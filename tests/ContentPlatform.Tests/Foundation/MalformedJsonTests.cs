using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.CareTeams;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// Every endpoint of both apps that takes a JSON body — found in the apps' endpoint lists, so a new one cannot be
/// forgotten — answers malformed JSON, a wrong-typed field and invalid UTF-8 from a signed-in user with 400
/// problem+json whose localized detail names the field, never 500 or an empty 400.
/// </summary>
public sealed partial class MalformedJsonTests
{
    [Fact]
    public async Task Every_json_endpoint_of_the_cms_answers_a_broken_body_with_400_naming_the_field()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await app.SignedInAsync("ada@example.no", StaffRoles.All);
        client.DefaultRequestHeaders.Add("Origin", client.BaseAddress!.GetLeftPart(UriPartial.Authority));
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");

        var endpoints = JsonEndpoints(app.Services);
        Assert.Contains(endpoints, e => e.Pattern == "/api/v1/manage/programs/" && e.Method == "POST");
        Assert.Contains(endpoints, e => e.Pattern.StartsWith("/api/v1/manage/media/", StringComparison.Ordinal) && e.Method == "PATCH");
        Assert.True(endpoints.Count >= 8, $"only {endpoints.Count} JSON endpoints found");
        await AssertAllRefuseBrokenBodiesAsync(endpoints, [client], "Feltet «{0}", "manglar"); // nynorsk, as asked
    }

    [Fact]
    public async Task Every_json_endpoint_of_delivery_answers_a_broken_body_with_400_naming_the_field()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        await app.TherapistAsync("tone@example.no", "Tone");
        HttpClient[] clients = [await app.SignedInClientAsync("anne@example.no"), await app.SignedInClientAsync("tone@example.no")];

        var endpoints = JsonEndpoints(app.Services);
        Assert.Contains(endpoints, e => e.Pattern.EndsWith("/answers", StringComparison.Ordinal));
        Assert.Contains(endpoints, e => e.Pattern.StartsWith("/api/messages/", StringComparison.Ordinal));
        await AssertAllRefuseBrokenBodiesAsync(endpoints, clients, "Feltet «{0}", "mangler");
    }

    private sealed record JsonEndpoint(string Method, string Pattern, JsonTypeInfo Body);

    private static List<JsonEndpoint> JsonEndpoints(IServiceProvider services)
    {
        var json = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        return services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { RequestType: not null } accepts &&
                        accepts.ContentTypes.Any(c => c.Contains("json", StringComparison.Ordinal)))
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(m =>
                new JsonEndpoint(m, e.RoutePattern.RawText!.StartsWith('/') ? e.RoutePattern.RawText : "/" + e.RoutePattern.RawText,
                    json.GetTypeInfo(e.Metadata.GetMetadata<IAcceptsMetadata>()!.RequestType!))))
            .ToList();
    }

    private static async Task AssertAllRefuseBrokenBodiesAsync(List<JsonEndpoint> endpoints, HttpClient[] clients, string detailFormat,
        string languageWord)
    {
        var problems = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var url = RouteParameter().Replace(endpoint.Pattern, m => m.Groups["constraint"].Value switch
            {
                "guid" => Guid.NewGuid().ToString(),
                "int" or "long" => "1",
                _ => "x",
            });
            var first = endpoint.Body.Properties.First();
            foreach (var (kind, body, field) in new[]
                     {
                         ("malformed", Encoding.UTF8.GetBytes($"{{\"{first.Name}\": [1, }}"), first.Name),
                         ("wrong type", Encoding.UTF8.GetBytes($"{{\"{first.Name}\": {WrongValue(first.PropertyType)}}}"), first.Name),
                         ("invalid UTF-8", InvalidUtf8(endpoint.Body, out var named), named),
                     })
            {
                var problem = await SendAsync(clients, endpoint.Method, url, body);
                var what = $"{endpoint.Method} {endpoint.Pattern} ({kind})";
                if (problem.Status != HttpStatusCode.BadRequest || problem.MediaType != "application/problem+json")
                {
                    problems.Add($"{what}: {(int)problem.Status} {problem.MediaType} {problem.Text}");
                }
                else if (!problem.Text.Contains(string.Format(detailFormat, field), StringComparison.Ordinal) ||
                         !problem.Text.Contains(languageWord, StringComparison.Ordinal))
                {
                    problems.Add($"{what}: the detail does not name '{field}': {problem.Text}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The answer of the first client allowed in (a patient endpoint refuses the therapist and the other way round).</summary>
    private static async Task<(HttpStatusCode Status, string? MediaType, string Text)> SendAsync(HttpClient[] clients, string method,
        string url, byte[] body)
    {
        (HttpStatusCode, string?, string) last = default;
        foreach (var client in clients)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = content });
            last = (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
            if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized or HttpStatusCode.Redirect))
            {
                return last;
            }
        }
        return last;
    }

    /// <summary>A value no converter of <paramref name="type"/> takes: an object where a scalar belongs, a boolean elsewhere.</summary>
    private static string WrongValue(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t.IsValueType ? "{\"x\": 1}" : "true";
    }

    /// <summary>A body whose first string (directly or inside a dictionary of strings) holds bytes that are not UTF-8.</summary>
    private static byte[] InvalidUtf8(JsonTypeInfo body, out string field)
    {
        byte[] bad = [0xC3, 0x28, 0xFF];
        foreach (var property in body.Properties)
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (type == typeof(string))
            {
                field = property.Name;
                return [.. Encoding.UTF8.GetBytes($"{{\"{property.Name}\": \""), .. bad, .. "\"}"u8];
            }
            if (type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string) && value == typeof(string))
            {
                field = property.Name;
                return [.. Encoding.UTF8.GetBytes($"{{\"{property.Name}\": {{\"nb\": \""), .. bad, .. "\"}}"u8];
            }
        }
        field = body.Properties.First().Name;
        return [.. Encoding.UTF8.GetBytes($"{{\"{field}\": "), .. bad, .. "}"u8];
    }

    [GeneratedRegex(@"\{(?<name>\w+)(:(?<constraint>\w+))?[^}]*\}")]
    private static partial Regex RouteParameter();
}
