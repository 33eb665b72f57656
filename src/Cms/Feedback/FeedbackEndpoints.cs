using System.Text.Json;
using System.Text.Json.Serialization;
using ContentPlatform.Cms.ContentApi;
using ContentPlatform.Cms.Data;
using ContentPlatform.Contract.Feedback;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Feedback;

public static class FeedbackEndpoints
{
    /// <summary>The report must be exactly the aggregate shape: unknown fields, nulls where lists belong or a missing field refuse it.</summary>
    private static readonly JsonSerializerOptions Strict = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    private const int MaxBodyBytes = 4 * 1024 * 1024;

    public static WebApplicationBuilder AddFeedbackAggregates(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FeedbackSummaries>();
        return builder;
    }

    /// <summary>
    /// POST /api/feedback: a Delivery installation's feedback report (docs/architecture.md), with the content API key it
    /// reads releases with; the key's name is the installation. The report replaces everything the installation sent
    /// before, in one transaction. Anything that is not an aggregate — an unknown field, a count between 1 and k−1, an
    /// over-long text — is refused with 400 and nothing is stored.
    /// </summary>
    public static RouteHandlerBuilder MapFeedbackApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/feedback", async Task<Results<NoContent, ProblemHttpResult>> (HttpContext http, CmsDbContext db, TimeProvider clock,
            CancellationToken ct) =>
        {
            var installation = http.User.Identity?.Name ?? "";
            FeedbackReport? report;
            try
            {
                if (http.Request.ContentLength > MaxBodyBytes)
                {
                    return TypedResults.Problem("The feedback report is too large.", statusCode: StatusCodes.Status413PayloadTooLarge);
                }
                report = await JsonSerializer.DeserializeAsync<FeedbackReport>(http.Request.Body, Strict, ct);
            }
            catch (JsonException e)
            {
                return TypedResults.Problem($"Not a feedback report: {e.Message}", statusCode: StatusCodes.Status400BadRequest);
            }
            if (report is null)
            {
                return TypedResults.Problem("Not a feedback report: empty body.", statusCode: StatusCodes.Status400BadRequest);
            }
            if (FeedbackRules.Check(report) is { } problem)
            {
                return TypedResults.Problem($"Not an aggregate report: {problem.Path} {problem.Reason}.", statusCode: StatusCodes.Status400BadRequest);
            }
            await StoreAsync(db, installation, report, clock.GetUtcNow(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(ContentApiEndpoints.Policy).DisableAntiforgery().WithTags("Feedback")
        .WithSummary("A Delivery installation's k-suppressed feedback counts and forwarded comments; replaces its previous report.");

    private static async Task StoreAsync(CmsDbContext db, string installation, FeedbackReport report, DateTimeOffset now, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.FeedbackPageCounts.Where(c => c.Installation == installation).ExecuteDeleteAsync(ct);
        await db.FeedbackEvaluationCounts.Where(c => c.Installation == installation).ExecuteDeleteAsync(ct);
        await db.FeedbackComments.Where(c => c.Installation == installation).ExecuteDeleteAsync(ct);
        foreach (var program in report.Programs)
        {
            db.FeedbackPageCounts.AddRange(program.Pages.DistinctBy(p => (p.Release, p.PageId)).Select(p => new FeedbackPageCount
            {
                Installation = installation, ProgramId = program.ProgramId, Release = p.Release, PageId = p.PageId,
                Yes = p.Yes, No = p.No, Comments = p.Comments, ReceivedAt = now,
            }));
            db.FeedbackEvaluationCounts.AddRange(program.Evaluation.DistinctBy(e => (e.Release, e.QuestionnaireId, e.ItemId)).Select(e => new FeedbackEvaluationCount
            {
                Installation = installation, ProgramId = program.ProgramId, Release = e.Release, QuestionnaireId = e.QuestionnaireId, ItemId = e.ItemId,
                Respondents = e.Respondents, OptionsJson = JsonSerializer.Serialize(e.Options, Strict), ReceivedAt = now,
            }));
            db.FeedbackComments.AddRange(program.Forwarded.DistinctBy(f => f.Id).Select(f => new FeedbackComment
            {
                Installation = installation, Id = f.Id, ProgramId = program.ProgramId, Release = f.Release, PageId = f.PageId, Text = f.Text,
                ForwardedAt = f.ForwardedAt,
            }));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }

    internal static IReadOnlyList<OptionCount> Options(string json) => JsonSerializer.Deserialize<List<OptionCount>>(json, Strict) ?? [];
}
