using ContentPlatform.Delivery;
using ContentPlatform.Delivery.AccessLogs;
using ContentPlatform.Delivery.Analytics;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Delivery.Fhir;
using ContentPlatform.Delivery.FollowUp;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.MyData;
using ContentPlatform.Delivery.Notifications;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Delivery.Reading;
using ContentPlatform.Delivery.Safety;
using ContentPlatform.Delivery.Realtime;
using ContentPlatform.Delivery.Schedules;
using ContentPlatform.Delivery.StaffAdmin;
using ContentPlatform.Delivery.Tailoring;
using ContentPlatform.Delivery.Telemetry;
using ContentPlatform.Delivery.Themes;
using ContentPlatform.Platform.ExternalLogin;
using ContentPlatform.Delivery.Workload;
using ContentPlatform.Platform.Hosting;
using ContentPlatform.Platform.Mail;

return await AppRunner.RunAsync(async () =>
{
    var (command, configuration) = CommandLine.Split(args);
    var builder = WebApplication.CreateBuilder(configuration);
    builder.AddPlatformDefaults();
    builder.AddPlatformTelemetry(DeliveryTelemetry.Name);
    var provider = builder.AddPlatformDatabase<DeliveryDbContext, SqliteDeliveryDbContext, PostgresDeliveryDbContext>("delivery.db");
    builder.Services.AddSingleton(new DeliveryWriteGate(serialize: provider == DatabaseProvider.Sqlite));
    builder.Services.AddPlatformHealth<DeliveryDbContext>();
    builder.AddDeliveryIdentity();
    builder.AddMailOutbox<DeliveryDbContext>();
    builder.AddRememberedCulture();
    builder.AddThemes();
    builder.AddCmsContent();
    builder.AddEnrollment();
    builder.AddPatientProgram();
    builder.AddAnswers();
    builder.AddSchedules();
    builder.AddFollowUp();
    builder.AddProgress();
    builder.AddAccessLog();
    builder.AddMyData();
    builder.AddCareTeams();
    builder.AddSafety();
    builder.AddWorkload();
    builder.AddTailoring();
    builder.AddStaffAdmin();
    builder.AddRealtime();
    builder.AddMessaging();
    builder.AddNotifications();
    builder.AddAnalytics();
    builder.AddFhir();
    builder.AddFeedback();
    builder.Services.AddRazorPages(o => o.Conventions
        .AuthorizeFolder("/My", DeliveryRoles.Patient)
        .AuthorizeFolder("/MyData", DeliveryRoles.Patient)
        .AuthorizeFolder("/Staff", DeliveryRoles.Therapist)
        .AuthorizeFolder("/Admin", DeliveryRoles.ClinicAdmin)
        // The shared pages (src/Platform/Pages): any signed-in user may enrol an authenticator; passkeys once fully signed in.
        .AuthorizePage("/Account/Enrol2fa")
        .AuthorizeFolder("/Security", DeliveryIdentity.FullySignedIn));

    var app = builder.Build();

    if (command.Length > 0)
    {
        return await DeliveryCommands.RunAsync(app, command);
    }

    app.UsePlatformDefaults();
    app.UseThemeFiles();
    app.UseRouting(); // after the error pages, so a re-executed /Error request is routed
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseOutputCache(); // after authorization: a cached page is only ever served to a request that was allowed in
    app.MapPlatformHealth();
    app.MapBackchannelLogout(); // a provider ends its sessions here (OpenID Connect Back-Channel Logout)
    app.MapCultureSwitch().RememberForSignedInUser();
    app.MapPasskeyApi<DeliveryUser>();
    app.MapCmsWebhook();
    app.MapAnswerApi();
    app.MapOpenModuleApi();
    app.MapTailoringApi();
    app.MapMyDataDownload();
    app.MapMessaging();
    app.MapAnalytics();
    app.MapFhirApi();
    app.MapPageFeedbackApi();
    app.MapRazorPages();
    await app.RunAsync();
    return 0;
});
