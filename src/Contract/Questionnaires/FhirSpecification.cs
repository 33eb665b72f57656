using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// Firely's validator against the FHIR R4 base specification, read from the <c>specification.zip</c> that
/// Hl7.Fhir.Specification.Data.R4 copies beside the app: no network at run time.
/// </summary>
/// <remarks>
/// One shared instance per process: loading the specification and compiling its schemas costs seconds of CPU once, and
/// the result never changes (the validator is safe for concurrent use).
/// </remarks>
public static class FhirSpecification
{
    private static readonly Lazy<Validator> Validator = new(() =>
    {
        var resolver = new CachedResolver(ZipSource.CreateValidationSource());
        return new Validator(resolver, new LocalTerminologyService(resolver));
    });

    /// <summary>
    /// The errors the validator finds, each with its FHIRPath location (<c>Questionnaire.item[2].type</c>). Warnings are
    /// left out: the validator warns about every extension it has no definition for, ours included (docs/fhir.md).
    /// </summary>
    public static IReadOnlyList<FhirImportError> Errors(Resource resource) =>
        [.. Validator.Value.Validate(resource).Issue
            .Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal)
            .Select(i => new FhirImportError(i.Expression.FirstOrDefault() ?? resource.TypeName,
                i.Details?.Text ?? i.Diagnostics ?? "Invalid.", FhirImportCodes.Invalid))];
}
