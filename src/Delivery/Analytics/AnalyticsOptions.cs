using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// Section "Analytics": the small-number threshold, and the research/quality-register projects with the secret their
/// pseudonyms are keyed with. Checked at start-up like every other setting: one line naming the broken setting.
/// </summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Development only: a known secret so pseudonyms are reproducible locally. Never valid elsewhere.</summary>
    public const string DevelopmentSecret = "development-only-pseudonym-secret-not-for-production";

    /// <summary>k: a cell counting fewer than k patients (but more than none) is never shown.</summary>
    public int MinCellSize { get; set; } = 5;

    /// <summary>Key of the HMAC that turns a patient id into a project's pseudonym; stays on the server.</summary>
    public string PseudonymSecret { get; set; } = "";

    public List<ResearchProject> Projects { get; set; } = [];

    /// <summary>Catch up and cache the landing page in the background once the app has started (<see cref="AnalyticsWarmUp"/>).</summary>
    public bool WarmUp { get; set; } = true;

    public ResearchProject? Project(string id) => Projects.FirstOrDefault(p => p.Id == id);

    /// <summary>Development only: a secret and a demo project, so exports work locally without setup.</summary>
    public static void DevelopmentDefaults(AnalyticsOptions options, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            if (string.IsNullOrEmpty(options.PseudonymSecret))
            {
                options.PseudonymSecret = DevelopmentSecret;
            }
            if (options.Projects.Count == 0)
            {
                options.Projects.Add(new ResearchProject
                {
                    Id = "demo-register", Name = "Demokvalitetsregister", // shown as is on nb and nn pages: a Norwegian name
                    Fields = ["program", "organisation", "enrolled_month", "modules_completed", "completed", "score_change"],
                    Researchers = ["researcher@demo.local"],
                });
            }
        }
    }

    /// <summary>The first broken setting, checked at start-up (<see cref="StartupOptions"/>) after the development defaults.</summary>
    public static SettingProblem? Check(AnalyticsOptions options, IHostEnvironment environment)
    {
        if (options.MinCellSize is < 2 or > 100)
        {
            return new("Analytics:MinCellSize", $"{options.MinCellSize} is outside 2–100; 5 is the usual threshold for health statistics.");
        }
        if (!environment.IsDevelopment() && options.PseudonymSecret == DevelopmentSecret)
        {
            return new("Analytics:PseudonymSecret", "the development secret is not allowed outside Development.");
        }
        // Without projects there is nothing to export, so no secret is needed; with one, a weak secret would make
        // pseudonyms guessable from patient ids, so it is required and long.
        if (options.Projects.Count > 0 && options.PseudonymSecret.Length < 32)
        {
            return new("Analytics:PseudonymSecret",
                "research projects are configured, so a secret of at least 32 characters is required (e.g. `openssl rand -base64 48`).");
        }
        for (var i = 0; i < options.Projects.Count; i++)
        {
            var p = options.Projects[i];
            if (string.IsNullOrWhiteSpace(p.Id) || !p.Id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            {
                return new($"Analytics:Projects:{i}:Id", $"'{p.Id}' must be letters, digits and dashes.");
            }
            if (options.Projects.Count(o => o.Id == p.Id) > 1)
            {
                return new($"Analytics:Projects:{i}:Id", $"'{p.Id}' is used by two projects.");
            }
            if (p.Fields.Count == 0 || p.Fields.Any(f => !ExportFields.All.Contains(f)))
            {
                return new($"Analytics:Projects:{i}:Fields",
                    $"unknown or no fields. Known fields: {string.Join(", ", ExportFields.All)}.");
            }
        }
        return null;
    }
}

/// <summary>A research or quality-register project and the fields it has approval to receive (data minimisation).</summary>
public sealed class ResearchProject
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public List<string> Fields { get; set; } = [];

    /// <summary>
    /// E-mail addresses of the researchers approved for this project (the project's own list, as its approval names
    /// them). Only they may export it, and only with the researcher role; an empty list lets no one export.
    /// </summary>
    public List<string> Researchers { get; set; } = [];

    public bool Lists(string? email) => email is not null && Researchers.Any(r => string.Equals(r, email, StringComparison.OrdinalIgnoreCase));
}
