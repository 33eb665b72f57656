using System.Net;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.CareTeams;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Revocation;

/// <summary>Steps the revocation tests share: care-team changes as staff make them, and what a revoked user sees.</summary>
internal static class RevocationSteps
{
    public const string ColleagueEmail = "per@example.no";

    /// <summary>A colleague who covers: added to the patient's care team as the team page would add him.</summary>
    public static async Task<DeliveryUser> ColleagueInTeamAsync(this AppFactory<DeliveryApp> app, Guid enrollmentId, string addedBy)
    {
        var per = await app.Services.CreateUserAsync(ColleagueEmail, "Per Kollega", DeliveryRoles.Therapist);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        db.CareTeamMembers.Add(new CareTeamMember { EnrollmentId = enrollmentId, StaffUserId = per.Id, AddedBy = addedBy, AddedAt = DateTimeOffset.UtcNow });
        await db.SaveChangesAsync();
        return per;
    }

    /// <summary>The responsible therapist removes a colleague through the patient page's own form.</summary>
    public static async Task RemoveColleagueAsync(this RealSession responsible, Guid enrollmentId, string colleagueId)
    {
        var url = $"/staff/patients/{enrollmentId}";
        var removed = await responsible.Http.PostFormAsync($"{url}?handler=RemoveColleague",
            ("__RequestVerificationToken", await responsible.Http.AntiforgeryTokenAsync(url)), ("staffUserId", colleagueId));
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
    }

    /// <summary>Runs <paramref name="change"/> with the app's user manager, as an admin page or command would.</summary>
    public static async Task ChangeUserAsync(this IServiceProvider services, string email, Func<UserManager<DeliveryUser>, DeliveryUser, Task<IdentityResult>> change)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var result = await change(users, (await users.FindByEmailAsync(email))!);
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>The server closed the connection (a revocation aborts it), within a few seconds.</summary>
    public static async Task ClosedByServerAsync(this HubClient hub) => await hub.Closed.WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>
    /// A new hub connection on this session's (old) cookie is refused at the door: by default 401, the revoked cookie no
    /// longer signs anyone in; 403 where the cookie still signs in and the hub's own stamp check refuses it.
    /// </summary>
    public static async Task CannotReconnectAsync(this RealSession session, HttpStatusCode refusal = HttpStatusCode.Unauthorized) =>
        Assert.Equal(refusal, (await Assert.ThrowsAsync<HubRefusedException>(() => session.CareHubAsync())).Status);
}
