using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Contract.Questionnaires;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace ContentPlatform.Delivery.Fhir;

/// <summary>
/// The read-only FHIR R4 endpoint for the care team's integrations (docs/fhir.md):
/// <c>GET /fhir/QuestionnaireResponse?patient=ID</c> with <c>Authorization: Bearer KEY</c>. <c>patient</c> is our
/// internal patient id, never a national id (URLs end up in logs). Errors are FHIR OperationOutcomes.
/// </summary>
public static class FhirEndpoints
{
    private const string FhirJsonType = "application/fhir+json; charset=utf-8";

    public static IEndpointConventionBuilder MapFhirApi(this IEndpointRouteBuilder app) =>
        app.MapGet("/fhir/QuestionnaireResponse", async (HttpContext http, string? patient, FhirKeys keys, DeliveryDbContext db,
            CareTeamAccess careTeams, AccessLog accessLog, QuestionnaireResponses responses, CancellationToken ct) =>
        {
            http.Response.Headers.CacheControl = "no-store";
            var header = http.Request.Headers.Authorization.ToString();
            var key = header.StartsWith("Bearer ", StringComparison.Ordinal) ? await keys.FindAsync(header["Bearer ".Length..].Trim(), ct) : null;
            if (key is null)
            {
                http.Response.Headers.WWWAuthenticate = "Bearer";
                return Outcome(StatusCodes.Status401Unauthorized, R4.OperationOutcome.IssueType.Login, "A valid FHIR client key is required.");
            }
            if (string.IsNullOrWhiteSpace(patient) || patient.Length > 450)
            {
                return Outcome(StatusCodes.Status400BadRequest, R4.OperationOutcome.IssueType.Required, "The search needs patient=<internal patient id>.");
            }

            // Only the enrollments whose care team holds the key's owner: a patient of another care team (or no patient
            // at all) is refused the same way, so the answer does not tell whether the id exists.
            var visible = await db.Enrollments.AsNoTracking()
                .Where(e => e.PatientId == patient && careTeams.EnrollmentsOf(key.StaffUserId).Contains(e.Id))
                .Select(e => new { e.Id, e.ProgramId }).ToListAsync(ct);
            if (visible.Count == 0)
            {
                return Outcome(StatusCodes.Status403Forbidden, R4.OperationOutcome.IssueType.Forbidden, "This key's care team does not include the patient.");
            }

            var staffName = await db.Users.AsNoTracking().Where(u => u.Id == key.StaffUserId).Select(u => u.DisplayName).FirstOrDefaultAsync(ct) ?? "";
            var who = $"{staffName} ({key.Name})";
            foreach (var enrollment in visible)
            {
                await accessLog.WriteAsync(patient, key.StaffUserId, who.Length > 200 ? who[..200] : who, AccessKinds.Fhir, enrollment.Id, ct);
            }

            var ids = visible.Select(e => e.Id).ToList();
            var programs = visible.ToDictionary(e => e.Id, e => e.ProgramId);
            var results = await db.QuestionnaireResults.AsNoTracking().Where(r => ids.Contains(r.EnrollmentId)).OrderBy(r => r.Id).ToListAsync(ct);
            var found = await responses.BuildAsync(patient, results.Select(r => (programs[r.EnrollmentId], r)), ct);
            return Results.Content(FhirJson.Serialize(QuestionnaireResponses.Bundle(found, R4.Bundle.BundleType.Searchset)), FhirJsonType);
        }).AllowAnonymous().WithTags("FHIR");

    private static IResult Outcome(int status, R4.OperationOutcome.IssueType type, string text)
    {
        var outcome = new R4.OperationOutcome
        {
            Issue = [new() { Severity = R4.OperationOutcome.IssueSeverity.Error, Code = type, Diagnostics = text }],
        };
        return Results.Content(FhirJson.Serialize(outcome), FhirJsonType, statusCode: status);
    }
}

public static class FhirSetup
{
    public static WebApplicationBuilder AddFhir(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FhirKeys>();
        return builder;
    }
}
