using ContentPlatform.Cms.Programs;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Contract.Releases;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>Steps the Delivery tests share: releases in, patients and staff created, enrolled and signed in.</summary>
public static class DeliveryKit
{
    public const string Password = "correct horse battery";

    public static async Task StoreReleaseAsync(this IServiceProvider services, ProgramContent content, int number, bool withdrawn = false) =>
        await services.GetRequiredService<ReleaseStore>().SaveAsync(SamplePrograms.ReleaseJson(content, number), content.Slug, withdrawn);

    /// <summary>Publishes through the real Cms workflow (create or save → submit → approve → publish).</summary>
    public static async Task<int> PublishAsync(this IServiceProvider cms, ProgramContent content)
    {
        await using var scope = cms.CreateAsyncScope();
        var workflow = scope.ServiceProvider.GetRequiredService<ProgramWorkflow>();
        var (_, createError) = await workflow.CreateAsync(content, "editor@test");
        if (createError is { Code: "duplicate-id" })
        {
            var (_, saveError) = await workflow.SaveAsync(content.Id, content, null, "editor@test");
            Assert.Null(saveError);
        }
        else
        {
            Assert.Null(createError);
        }
        var submit = await workflow.SubmitAsync(content.Id, "editor@test");
        Assert.True(submit is null, submit?.Message + string.Join("; ", submit?.Problems?.Select(p => $"{p.Code} {p.Path}") ?? []));
        Assert.Null(await workflow.ApproveAsync(content.Id, "ok", "reviewer@test"));
        var (release, error) = await workflow.PublishAsync(content.Id, "editor@test");
        Assert.Null(error);
        return release!.Number;
    }

    /// <summary>
    /// A Delivery user with the test password. Staff (every role but patient) must have a second factor, so they get an
    /// enrolled authenticator; <see cref="SignedInClientAsync"/> answers its code.
    /// </summary>
    public static async Task<DeliveryUser> CreateUserAsync(this IServiceProvider services, string email, string name, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        var user = new DeliveryUser { UserName = email, Email = email, DisplayName = name, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                await roleManager.CreateAsync(new IdentityRole(role));
            }
            await users.AddToRoleAsync(user, role);
        }
        if (roles.Any(r => r != DeliveryRoles.Patient))
        {
            await users.ResetAuthenticatorKeyAsync(user);
            await users.SetTwoFactorEnabledAsync(user, true);
        }
        return user;
    }

    /// <summary>The authenticator key of a user with a second factor, or null.</summary>
    public static async Task<string?> AuthenticatorKeyAsync(this IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        var user = await users.FindByEmailAsync(email);
        return user is { TwoFactorEnabled: true } ? await users.GetAuthenticatorKeyAsync(user) : null;
    }

    /// <summary>
    /// A patient account enrolled in <paramref name="programId"/> through a real invitation; <paramref name="therapistId"/>
    /// invites, so becomes the responsible therapist.
    /// </summary>
    public static async Task<(DeliveryUser Patient, Guid EnrollmentId)> EnrolledPatientAsync(this IServiceProvider services, string email,
        string programId = SamplePrograms.GuidedId, string therapistId = "staff-user", string firstName = "Anne")
    {
        var patient = await services.CreateUserAsync(email, firstName, DeliveryRoles.Patient);
        var code = await services.InviteAsync(programId, therapistId);
        await using var scope = services.CreateAsyncScope();
        var enrolling = scope.ServiceProvider.GetRequiredService<EnrollmentService>();
        Assert.True(await enrolling.AcceptAsync(code, patient.Id, CancellationToken.None));
        var lookup = await enrolling.FindInvitationAsync(code, CancellationToken.None);
        return (patient, lookup.Enrollment!.Id);
    }

    /// <summary>
    /// The care team most tests start from: a therapist, and a patient enrolled in <paramref name="programId"/> through the
    /// therapist's invitation (so the therapist is responsible for the enrollment).
    /// </summary>
    public static async Task<(DeliveryUser Therapist, DeliveryUser Patient, Guid EnrollmentId)> CareTeamAsync(this IServiceProvider services,
        string therapistEmail = "tone@example.no", string therapistName = "Tone", string patientEmail = "anne@example.no",
        string patientName = "Anne", string programId = SamplePrograms.GuidedId)
    {
        var therapist = await services.CreateUserAsync(therapistEmail, therapistName, DeliveryRoles.Therapist);
        var (patient, enrollmentId) = await services.EnrolledPatientAsync(patientEmail, programId, therapist.Id, patientName);
        return (therapist, patient, enrollmentId);
    }

    public static async Task<string> InviteAsync(this IServiceProvider services, string programId = SamplePrograms.GuidedId,
        string therapistId = "staff-user")
    {
        await using var scope = services.CreateAsyncScope();
        var (error, _, code) = await scope.ServiceProvider.GetRequiredService<EnrollmentService>()
            .InviteAsync(programId, "Anne", therapistId, CancellationToken.None);
        Assert.Equal(EnrollError.None, error);
        return code!;
    }

    /// <summary>A client signed in through the real login form (cookies kept), asking for <paramref name="language"/>.</summary>
    public static async Task<HttpClient> SignedInClientAsync<T>(this AppFactory<T> app, string email, string language = "nb") where T : class
    {
        var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        if (await app.Services.AuthenticatorKeyAsync(email) is { } key)
        {
            Assert.Equal(System.Net.HttpStatusCode.Redirect, (await StaffAccounts.SignInAsync(client, email, Password, key)).StatusCode);
            return client;
        }
        var token = await client.AntiforgeryTokenAsync("/account/login");
        var response = await client.PostFormAsync("/account/login", ("email", email), ("password", Password), ("__RequestVerificationToken", token));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static string PageUrl(Guid enrollmentId, int module, bool questionnairePage = false, string programId = SamplePrograms.GuidedId) =>
        $"/my/{enrollmentId}/{SamplePrograms.ModuleId(module, programId)}/{(questionnairePage ? SamplePrograms.PageB(module, programId) : SamplePrograms.PageA(module, programId))}";
}
