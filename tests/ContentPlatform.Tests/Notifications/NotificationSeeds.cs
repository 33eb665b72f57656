using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Messaging;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Tests.Notifications;

/// <summary>Events written as the features that own them write them: a care-team message, an opened module, quiet days, a finished program.</summary>
internal static class NotificationSeeds
{
    public static Task CareTeamMessageAsync(this AppFactory<DeliveryApp> app, Guid enrollment, string therapistId, string body, DateTimeOffset at) =>
        app.DbAsync(async db =>
        {
            db.Messages.Add(new Message
            {
                EnrollmentId = enrollment, SenderId = therapistId, SenderName = "Tone", FromPatient = false, Body = body,
                ClientId = Guid.NewGuid(), SentAt = at,
            });
            await db.SaveChangesAsync();
        });

    public static Task ReadMessagesAsync(this AppFactory<DeliveryApp> app, Guid enrollment, DateTimeOffset at) =>
        app.DbAsync(db => db.Messages.Where(m => m.EnrollmentId == enrollment && !m.FromPatient && m.ReadAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, at)));

    public static Task ModuleOpenedAsync(this AppFactory<DeliveryApp> app, Guid enrollment, string therapistId, int module, DateTimeOffset at) =>
        app.DbAsync(async db =>
        {
            db.ModuleOpenings.Add(new ModuleOpening { EnrollmentId = enrollment, ModuleId = SamplePrograms.ModuleId(module), OpenedBy = therapistId, OpenedAt = at });
            await db.SaveChangesAsync();
        });

    public static Task AnswerAsync(this AppFactory<DeliveryApp> app, Guid enrollment, string value, DateTimeOffset at) =>
        app.DbAsync(async db =>
        {
            db.Answers.Add(new Answer
            {
                EnrollmentId = enrollment, ModuleId = SamplePrograms.ModuleId(1), BlockId = SamplePrograms.ExerciseId(1), FieldId = "f1",
                Value = value, Release = 1, SeenText = "Øvelse — Hva tenkte du?", UpdatedAt = at,
            });
            await db.SaveChangesAsync();
        });

    public static Task FinishedAsync(this AppFactory<DeliveryApp> app, Guid enrollment, DateTimeOffset at) =>
        app.DbAsync(db => db.Enrollments.Where(e => e.Id == enrollment)
            .ExecuteUpdateAsync(s => s.SetProperty(e => e.PercentComplete, 100).SetProperty(e => e.CompletedModules, 3).SetProperty(e => e.LastActivityAt, at)));
}
