using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Tests.Shared.Questionnaires;

public sealed class FhirQuestionnaireResponseTests
{
    private static readonly FhirCanonical Canonical = FhirUrls.QuestionnaireCanonical("meistring-av-uro", "weekly-checkin", 2);
    private readonly QuestionnaireDefinition _checkIn = WeeklyCheckIn.Create();

    private Hl7.Fhir.Model.QuestionnaireResponse Response() => FhirQuestionnaireResponse.Create(_checkIn, Canonical,
        new SubmittedAnswers(Guid.NewGuid(), "patient-1", WeeklyCheckIn.Answers(2, q9: 1), DateTimeOffset.UnixEpoch));

    [Fact]
    public void A_scored_response_is_valid_fhir_and_fits_its_questionnaire()
    {
        var response = Response();

        Assert.Empty(FhirSpecification.Errors(response));
        Assert.Empty(FhirQuestionnaireResponse.Check(response, FhirQuestionnaire.ToFhir(_checkIn, "nb", Canonical)));
    }

    [Fact]
    public void The_response_points_at_the_questionnaire_version_and_carries_the_computed_score()
    {
        var response = Response();
        var score = response.Extension.Single(e => e.Url == FhirUrls.Score);

        Assert.Equal("https://contentplatform.no/fhir/Questionnaire/meistring-av-uro.weekly-checkin|2", response.Questionnaire);
        Assert.Equal(QuestionnaireScorer.Score(_checkIn, WeeklyCheckIn.Answers(2, q9: 1)).Total,
            Assert.IsType<Hl7.Fhir.Model.Integer>(score.Extension.Single(e => e.Url == "total").Value).Value);
        Assert.Equal("Patient/patient-1", response.Subject?.Reference);
    }

    [Fact]
    public void An_answer_that_is_not_an_option_of_its_question_is_found_by_the_check()
    {
        var response = Response();
        Assert.IsType<Hl7.Fhir.Model.Coding>(response.Item[0].Item[1].Answer[0].Value).Code = "7";

        var error = Assert.Single(FhirQuestionnaireResponse.Check(response, FhirQuestionnaire.ToFhir(_checkIn, "nb", Canonical)));

        Assert.Equal("QuestionnaireResponse.item[0].item[1].answer[0].value", error.Path);
    }

    [Fact]
    public void A_response_to_another_version_is_found_by_the_check()
    {
        var other = FhirUrls.QuestionnaireCanonical("meistring-av-uro", "weekly-checkin", 3);

        var error = Assert.Single(FhirQuestionnaireResponse.Check(Response(), FhirQuestionnaire.ToFhir(_checkIn, "nb", other)));

        Assert.Equal("QuestionnaireResponse.questionnaire", error.Path);
    }
}
