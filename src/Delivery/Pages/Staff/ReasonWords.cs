using ContentPlatform.Contract.Releases;
using ContentPlatform.Delivery.CareTeams;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Pages.Staff;

/// <summary>A caseload reason in the reader's words: the list on the caseload, the patient view and the handled history.</summary>
public static class ReasonWords
{
    public static string Describe(Reason r, IStringLocalizer s, string language)
    {
        string T(LocalizedText? text) => text?.Resolve(language, [language == "nn" ? "nb" : "nn"]) ?? "";
        return r.Kind switch
        {
            ReasonKind.Alert => s["ReasonAlert", T(r.Questionnaire), T(r.Text)],
            ReasonKind.RedBand => s["ReasonRedBand", T(r.Questionnaire), r.Points ?? 0, T(r.Text)],
            ReasonKind.Worsening => s["ReasonWorsening", T(r.Questionnaire), r.Points ?? 0],
            ReasonKind.MessageWaiting => s["ReasonMessageWaiting", r.Days ?? 0],
            ReasonKind.QuestionnaireOverdue => s["ReasonQuestionnaireOverdue", T(r.Questionnaire), r.Days ?? 0],
            _ => s["ReasonInactive", r.Days ?? 0],
        };
    }
}
