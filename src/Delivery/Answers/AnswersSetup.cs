namespace ContentPlatform.Delivery.Answers;

public static class AnswersSetup
{
    /// <summary>A patient's answers: autosave, the release each answer was given in, and FHIR QuestionnaireResponses.</summary>
    public static WebApplicationBuilder AddAnswers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ReleaseLookup>();
        builder.Services.AddScoped<AnswerService>();
        builder.Services.AddScoped<QuestionnaireResponses>();
        return builder;
    }
}
