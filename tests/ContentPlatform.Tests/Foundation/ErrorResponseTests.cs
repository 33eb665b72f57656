using System.Net;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Foundation;

public sealed class ErrorResponseTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Unknown_api_routes_answer_with_problem_details(Db db)
    {
        await using var app = await Apps.CmsAsync(db);
        var response = await app.CreateClient().GetAsync("/api/v1/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":404", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_pages_show_a_localized_page_not_a_blank_or_a_trace()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var client = app.CreateClient();
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("nn");
        var response = await client.GetAsync("/finst-ikkje");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("Fann ikkje sida", html);
        Assert.Contains("<html lang=\"nn\"", html);
    }
}
