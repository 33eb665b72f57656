namespace ContentPlatform.Contract.Questionnaires;

/// <summary>
/// The words the YAML, the JSON contract and our FHIR extensions use for the enums. Spelled out here (not read back from
/// the JSON attributes) because the FHIR codes are a published format of their own and must not drift by accident.
/// </summary>
public static class QuestionnaireCodes
{
    public static string Of(SeverityColor color) => color switch
    {
        SeverityColor.Green => "green",
        SeverityColor.Yellow => "yellow",
        SeverityColor.Red => "red",
        _ => throw new ArgumentOutOfRangeException(nameof(color), color, null),
    };

    public static string Of(QuestionnaireSchedule when) => when switch
    {
        QuestionnaireSchedule.ModuleStart => "module-start",
        QuestionnaireSchedule.Weekly => "weekly",
        QuestionnaireSchedule.ProgramEnd => "program-end",
        _ => throw new ArgumentOutOfRangeException(nameof(when), when, null),
    };

    public static bool TryParseColor(string? code, out SeverityColor color)
    {
        foreach (var candidate in Enum.GetValues<SeverityColor>())
        {
            if (Of(candidate) == code)
            {
                color = candidate;
                return true;
            }
        }
        color = default;
        return false;
    }

    public static bool TryParseSchedule(string? code, out QuestionnaireSchedule when)
    {
        foreach (var candidate in Enum.GetValues<QuestionnaireSchedule>())
        {
            if (Of(candidate) == code)
            {
                when = candidate;
                return true;
            }
        }
        when = default;
        return false;
    }
}
