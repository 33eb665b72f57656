namespace ContentPlatform.Delivery.FollowUp;

public static class FollowUpSetup
{
    /// <summary>Follow-up programs: the care team's decisions on check-ins.</summary>
    public static WebApplicationBuilder AddFollowUp(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<FollowUpDecisions>();
        builder.Services.AddScoped<CheckInOverview>();
        return builder;
    }
}
