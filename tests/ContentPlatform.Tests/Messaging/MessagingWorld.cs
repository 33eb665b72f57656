using System.Net.Http.Json;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Messaging;

/// <summary>
/// A real Delivery server with a guided program, a therapist and a patient in that therapist's care team — the cast of
/// most messaging tests. Servers are real Kestrel ports so WebSockets, cookies and the hub run as in production.
/// </summary>
internal sealed class MessagingWorld : IAsyncDisposable
{
    public const string TherapistEmail = "tone@example.no";
    public const string PatientEmail = "anne@example.no";

    private MessagingWorld(AppFactory<DeliveryApp> app, DeliveryUser therapist, DeliveryUser patient, Guid enrollmentId)
    {
        App = app;
        Therapist = therapist;
        Patient = patient;
        EnrollmentId = enrollmentId;
    }

    public AppFactory<DeliveryApp> App { get; }
    public DeliveryUser Therapist { get; }
    public DeliveryUser Patient { get; }
    public Guid EnrollmentId { get; }

    public static async Task<MessagingWorld> CreateAsync(Db db) => await CreateAsync((await Apps.DeliveryAsync(db)).UseRealServer());

    public static async Task<MessagingWorld> CreateAsync(AppFactory<DeliveryApp> app)
    {
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var therapist = await app.Services.CreateUserAsync(TherapistEmail, "Tone Terapeut", DeliveryRoles.Therapist);
        var (patient, enrollment) = await app.Services.EnrolledPatientAsync(PatientEmail, therapistId: therapist.Id, firstName: "Anne Askeladd");
        return new MessagingWorld(app, therapist, patient, enrollment);
    }

    public Task<RealSession> PatientAsync(string language = "nb") => App.SignInRealAsync(PatientEmail, language);

    public Task<RealSession> TherapistAsync(string language = "nb") => App.SignInRealAsync(TherapistEmail, language);

    public Task<List<Message>> StoredAsync() => StoredAsync(App);

    public static async Task<List<Message>> StoredAsync(AppFactory<DeliveryApp> app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Messages.AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

internal static class MessagingSteps
{
    public static Task<MessageView> SendAsync(this HubClient hub, Guid enrollmentId, string body, Guid? clientId = null) =>
        hub.InvokeAsync<MessageView>("Send", enrollmentId, body, clientId ?? Guid.NewGuid());

    public static Task<List<MessageView>> JoinAsync(this HubClient hub, Guid enrollmentId, long afterId = 0) =>
        hub.InvokeAsync<List<MessageView>>("JoinThread", enrollmentId, afterId);

    /// <summary>The next live "message" event (that matches) on a care hub connection.</summary>
    public static Task<MessageView> NextMessageAsync(this HubClient hub, Func<MessageView, bool>? match = null) =>
        hub.NextAsync("message", match);

    /// <summary>The antiforgery token of a thread page (the API wants it in the RequestVerificationToken header).</summary>
    public static async Task<string> TokenAsync(this RealSession session, string page) => await session.Http.AntiforgeryTokenAsync(page);

    public static async Task<HttpResponseMessage> PostJsonAsync(this RealSession session, string url, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        if (token is not null)
        {
            request.Headers.Add("RequestVerificationToken", token);
        }
        return await session.Http.SendAsync(request);
    }
}
