namespace ContentPlatform.Cms.Programs.Editing;

/// <summary>Where in the manager UI a location is edited: the URL of the page and the anchor id of the field.</summary>
public static class ProblemLinks
{
    public static string Url(string programId, ContentLocation l)
    {
        if (l.QuestionnaireId is { } q)
        {
            return $"/programs/{programId}/questionnaires/{q}" + (l.Field is null ? "" : "#q-" + Sanitise(l.Field.Split('[')[0]));
        }
        if (l.PageId is { } page)
        {
            return $"/programs/{programId}/pages/{page}#" + Anchor(l);
        }
        if (l.ModuleId is { } module)
        {
            return $"/programs/{programId}#module-{module}";
        }
        // A program setting (no language) is one field: "f-program-alertEscalationHours", "f-program-reminders.inactiveDays".
        return $"/programs/{programId}#" + (l.Field is null ? "program" : l.Language is null && !IsProgramText(l.Field) ? $"f-program-{l.Field}"
            : $"f-program-{l.Field}-{l.Language ?? "nb"}");
    }

    /// <summary>"f-{block}-{field}-{lang}" for block fields, "f-page-title-{lang}" for the page title, "block-{id}" for a block.</summary>
    public static string Anchor(ContentLocation l)
    {
        if (l.BlockId is null)
        {
            return l.PageId is null ? "main" : $"f-page-title-{l.Language ?? "nb"}";
        }
        if (l.Field is null)
        {
            return "block-" + l.BlockId;
        }
        return $"f-{l.BlockId}-{Sanitise(l.Field)}" + (l.Language is null ? "" : "-" + l.Language);
    }

    private static bool IsProgramText(string field) => field is "title" or "summary" or "audience";

    private static string Sanitise(string field) => field.Replace('.', '-').Replace('[', '-').Replace("]", "", StringComparison.Ordinal);
}
