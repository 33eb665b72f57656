using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Scripted patient data for caseload tests: rows written as the features that own them would write them.</summary>
public static class CareTeamKit
{
    public static async Task<T> DbAsync<T>(this AppFactory<DeliveryApp> app, Func<DeliveryDbContext, Task<T>> work)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>());
    }

    public static Task DbAsync(this AppFactory<DeliveryApp> app, Func<DeliveryDbContext, Task> work) =>
        app.DbAsync(async db => { await work(db); return 0; });

    public static async Task<(string Id, Guid Enrollment)> PatientOfAsync(this AppFactory<DeliveryApp> app, string therapistId, string email,
        string name)
    {
        var (patient, enrollment) = await app.Services.EnrolledPatientAsync(email, therapistId: therapistId, firstName: name);
        return (patient.Id, enrollment);
    }

    public static Task ScoreAsync(this AppFactory<DeliveryApp> app, Guid enrollment, int total, string light, DateTimeOffset at,
        string alerts = "[]") =>
        app.DbAsync(async db =>
        {
            db.QuestionnaireResults.Add(new QuestionnaireResult
            {
                EnrollmentId = enrollment, ModuleId = SamplePrograms.ModuleId(1), BlockId = SamplePrograms.QuestionnaireBlockId(1),
                QuestionnaireId = SamplePrograms.Weekly().Id, Release = 1, SubmissionId = Guid.NewGuid(), AnswersJson = "{}", Total = total,
                MaxTotal = 9, TrafficLight = light, AlertsJson = alerts, SubmittedAt = at,
            });
            await db.SaveChangesAsync();
        });

    public static Task MessageAsync(this AppFactory<DeliveryApp> app, Guid enrollment, string senderId, bool fromPatient, DateTimeOffset at) =>
        app.DbAsync(async db =>
        {
            db.Messages.Add(new Message
            {
                EnrollmentId = enrollment, SenderId = senderId, SenderName = "x", FromPatient = fromPatient, Body = "Hei",
                ClientId = Guid.NewGuid(), SentAt = at,
            });
            await db.SaveChangesAsync();
        });

    public static Task ActiveAtAsync(this AppFactory<DeliveryApp> app, Guid enrollment, DateTimeOffset at) =>
        app.DbAsync(db => db.Enrollments.Where(e => e.Id == enrollment).ExecuteUpdateAsync(s => s.SetProperty(e => e.LastActivityAt, at)));

    public static Task<DeliveryUser> TherapistAsync(this AppFactory<DeliveryApp> app, string email, string name) =>
        app.Services.CreateUserAsync(email, name, DeliveryRoles.Therapist);
}
