using System.Net;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.StaffAdmin;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Messaging;
using ContentPlatform.Tests.Revocation;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.StaffAdmin;

/// <summary>/admin/staff in Delivery: a clinic admin invites, gives roles, deactivates and re-activates staff (issue 18).</summary>
public sealed class DeliveryStaffAdminTests
{
    private const string Page = "/admin/staff";
    private const string AdminEmail = "ada@example.no";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_invited_therapist_gets_the_mail_in_her_language_sets_a_password_and_a_second_factor_and_opens_her_caseload(Db db)
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.DeliveryAsync(db, smtp.Settings());
        await app.Services.CreateUserAsync(AdminEmail, "Ada", DeliveryRoles.ClinicAdmin);
        using var admin = await app.SignedInClientAsync(AdminEmail);

        var invited = await admin.PostOnAsync(Page, "invite", ("name", "Tone Terapeut"), ("email", "tone@example.no"), ("culture", "nn"),
            ("roles", DeliveryRoles.Therapist));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);

        var mail = await smtp.WaitForMailAsync("tone@example.no", TimeSpan.FromSeconds(20));
        Assert.Contains("Opne lenkja", mail.TextBody); // Nynorsk, as the admin chose for her
        using var tone = await app.AcceptInvitationAsync(mail.Link("/account/staff-invitation/"), "nn");
        var home = await tone.GetAsync("/");
        Assert.Equal("/staff", home.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await tone.GetAsync("/staff")).StatusCode);
        Assert.True(await app.Services.IsInRoleAsync("tone@example.no", DeliveryRoles.Therapist));
        Assert.False(await app.Services.IsInRoleAsync("tone@example.no", DeliveryRoles.ClinicAdmin));
        Assert.Equal(HttpStatusCode.Redirect, (await tone.GetAsync(Page)).StatusCode); // a therapist is no admin

        var audit = await AuditAsync(app);
        Assert.Equal([StaffAuditActions.InvitationAccepted, StaffAuditActions.Invited], audit.Select(a => a.Action).Take(2));
        Assert.Contains(audit, a => a is { Action: StaffAuditActions.Invited, ActorName: "Ada", TargetEmail: "tone@example.no", Detail: DeliveryRoles.Therapist });
    }

    [Fact]
    public async Task A_used_expired_or_unknown_invitation_link_says_so_and_sets_no_password()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var link = new Uri(await app.Services.AdminLinkAsync("first@example.no")).PathAndQuery;
        using var first = await app.AcceptInvitationAsync("http://localhost" + link);

        using var other = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var used = await other.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, used.StatusCode);
        Assert.Contains("allerede brukt", await used.Content.ReadAsStringAsync());

        var second = new Uri(await app.Services.AdminLinkAsync("second@example.no")).PathAndQuery;
        var token = await other.AntiforgeryTokenAsync(second);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await db.Set<StaffInvitation>().ExecuteUpdateAsync(u => u.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
        }
        var expired = await other.PostFormAsync(second, ("password", StaffAdminSteps.NewPassword), ("__RequestVerificationToken", token));
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains("utløpt", await expired.Content.ReadAsStringAsync());
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<DeliveryUser>>();
            Assert.False(await users.HasPasswordAsync((await users.FindByEmailAsync("second@example.no"))!));
        }

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync("/account/staff-invitation/not-a-code")).StatusCode);
    }

    [Theory]
    [InlineData(DeliveryRoles.Therapist)]
    [InlineData(DeliveryRoles.Analyst)]
    [InlineData(DeliveryRoles.Researcher)]
    [InlineData(DeliveryRoles.Patient)]
    public async Task Nobody_but_a_clinic_admin_opens_the_staff_page_or_uses_its_forms(string role)
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        var target = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        await app.Services.CreateUserAsync("someone@example.no", "Someone", role);
        using var client = await app.SignedInClientAsync("someone@example.no");

        Assert.Equal("/account/denied", (await client.GetAsync(Page)).Headers.Location?.AbsolutePath);
        foreach (var handler in new[] { "invite", "roles", "deactivate", "reactivate", "lead" })
        {
            // No antiforgery token to read from a page it cannot open: authorization refuses before the form is looked at.
            var post = await client.PostFormAsync($"{Page}?handler={handler}&id={target.Id}", ("email", "x@example.no"), ("roles", DeliveryRoles.ClinicAdmin));
            Assert.True(post.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Forbidden or HttpStatusCode.BadRequest, $"{handler}: {post.StatusCode}");
            Assert.NotEqual("/admin/staff", post.Headers.Location?.AbsolutePath);
        }
        Assert.Empty(await AuditAsync(app));
        Assert.False(await app.Services.IsInRoleAsync("tone@example.no", DeliveryRoles.ClinicAdmin));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_last_active_clinic_admin_can_neither_deactivate_nor_demote_herself_but_can_once_there_is_another(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        var ada = await app.Services.CreateUserAsync(AdminEmail, "Ada", DeliveryRoles.ClinicAdmin, DeliveryRoles.Therapist);
        using var admin = await app.SignedInClientAsync(AdminEmail);

        var deactivate = await admin.PostOnAsync(Page, "deactivate", ("id", ada.Id));
        Assert.Equal(HttpStatusCode.Conflict, deactivate.StatusCode);
        Assert.Contains("minst én aktiv klinikkadministrator", await deactivate.Content.ReadAsStringAsync());
        var demote = await admin.PostOnAsync(Page, "roles", ("id", ada.Id), ("roles", DeliveryRoles.Therapist));
        Assert.Equal(HttpStatusCode.Conflict, demote.StatusCode);
        Assert.True(await app.Services.IsInRoleAsync(AdminEmail, DeliveryRoles.ClinicAdmin));

        // With a second active admin, Ada may step down (her own session ends with it: roles apply at once).
        var bo = await app.Services.CreateUserAsync("bo@example.no", "Bo", DeliveryRoles.ClinicAdmin);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostOnAsync(Page, "roles", ("id", ada.Id), ("roles", DeliveryRoles.Therapist))).StatusCode);
        Assert.False(await app.Services.IsInRoleAsync(AdminEmail, DeliveryRoles.ClinicAdmin));
        Assert.Equal([StaffAuditActions.RoleRemoved], (await AuditAsync(app)).Select(a => a.Action));
        Assert.NotNull(bo);
    }

    [Fact]
    public async Task Deactivating_a_therapist_closes_her_open_hub_connection_refuses_her_next_request_and_her_sign_in()
    {
        await using var world = await MessagingWorld.CreateAsync(Db.Sqlite);
        await world.App.Services.CreateUserAsync(AdminEmail, "Ada", DeliveryRoles.ClinicAdmin);
        using var admin = await world.App.SignInRealAsync(AdminEmail);
        using var tone = await world.TherapistAsync();
        await using var hub = await tone.CareHubAsync(new RetryAtOnce(2));
        await hub.JoinAsync(world.EnrollmentId);
        Assert.Equal(HttpStatusCode.OK, (await tone.Http.GetAsync("/staff")).StatusCode);

        var done = await admin.Http.PostOnAsync(Page, "deactivate", ("id", world.Therapist.Id));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);

        await hub.ClosedByServerAsync();
        await tone.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await tone.Http.GetAsync("/staff")).StatusCode); // to the sign-in page
        Assert.Equal(HttpStatusCode.Unauthorized, (await tone.Http.GetAsync("/api/messages/unread")).StatusCode);
        using var again = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = world.App.ClientOptions.BaseAddress };
        var signIn = await again.PostFormAsync("/account/login", ("email", MessagingWorld.TherapistEmail), ("password", DeliveryKit.Password),
            ("__RequestVerificationToken", await again.AntiforgeryTokenAsync("/account/login")));
        Assert.Contains("Kontoen er deaktivert", await signIn.Content.ReadAsStringAsync());
        Assert.Contains(await AuditAsync(world.App), a => a is { Action: StaffAuditActions.Deactivated, TargetEmail: MessagingWorld.TherapistEmail, ActorName: "Ada" });
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_care_team_whose_lead_was_deactivated_is_flagged_until_the_admin_gives_it_a_new_lead_and_re_activation_restores_sign_in(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db);
        await app.Services.StoreReleaseAsync(SamplePrograms.Guided(), 1);
        var tone = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        var kari = await app.Services.CreateUserAsync("kari@example.no", "Kari", DeliveryRoles.Therapist);
        var (_, enrollmentId) = await app.Services.EnrolledPatientAsync("anne@example.no", therapistId: tone.Id);
        await app.Services.CreateUserAsync(AdminEmail, "Ada", DeliveryRoles.ClinicAdmin);
        using var admin = await app.SignedInClientAsync(AdminEmail);
        Assert.DoesNotContain("teams-without-lead", await admin.GetStringAsync(Page));

        await admin.PostOnAsync(Page, "deactivate", ("id", tone.Id));
        var flagged = await admin.GetStringAsync(Page);
        Assert.Contains("teams-without-lead", flagged);
        Assert.Contains($"lead-{enrollmentId}", flagged);

        var assigned = await admin.PostOnAsync(Page, "lead", ("enrollmentId", enrollmentId.ToString()), ("leadId", kari.Id));
        Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        Assert.DoesNotContain("teams-without-lead", await admin.GetStringAsync(Page));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var members = await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().CareTeamMembers.AsNoTracking()
                .Where(m => m.EnrollmentId == enrollmentId).ToListAsync();
            Assert.Equal(kari.Id, Assert.Single(members, m => m.IsResponsible).StaffUserId);
            Assert.DoesNotContain(members, m => m.StaffUserId == tone.Id);
        }
        Assert.Contains(await AuditAsync(app), a => a is { Action: StaffAuditActions.LeadAssigned, TargetEmail: "kari@example.no", Detail: "Tone" });

        await admin.PostOnAsync(Page, "reactivate", ("id", tone.Id));
        using var back = await app.SignedInClientAsync("tone@example.no");
        Assert.Equal(HttpStatusCode.OK, (await back.GetAsync("/staff")).StatusCode);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_clinic_admin_manages_only_her_own_organisations_staff_invites_into_it_and_can_hand_someone_over(Db db)
    {
        await using var app = await Apps.DeliveryAsync(db, new Dictionary<string, string?> { ["Theme:Organisations:Helse Lyng"] = "lyng" });
        var ada = await app.Services.CreateUserAsync(AdminEmail, "Ada", DeliveryRoles.ClinicAdmin); // the default organisation, Helse Fjord
        var tone = await app.Services.CreateUserAsync("tone@example.no", "Tone", DeliveryRoles.Therapist);
        var lars = await app.Services.CreateUserAsync("lars@example.no", "Lars", DeliveryRoles.ClinicAdmin);
        var lise = await app.Services.CreateUserAsync("lise@example.no", "Lise", DeliveryRoles.Therapist);
        await app.DbAsync(d => d.Users.Where(u => u.Id == lars.Id || u.Id == lise.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Organisation, "Helse Lyng")));
        using var admin = await app.SignedInClientAsync(AdminEmail);

        var page = await admin.GetStringAsync(Page);
        Assert.Contains("data-staff=\"tone@example.no\"", page);
        Assert.DoesNotContain("lise@example.no", page);
        Assert.Contains("Organisasjon: Helse Fjord", page);

        // Another organisation's staff member is not found, and nothing of hers changes.
        foreach (var (handler, fields) in new[]
                 {
                     ("roles", new[] { ("id", lise.Id), ("roles", DeliveryRoles.ClinicAdmin) }),
                     ("deactivate", new[] { ("id", lise.Id) }),
                     ("reactivate", new[] { ("id", lise.Id) }),
                     ("organisation", new[] { ("id", lise.Id), ("organisation", "Helse Fjord") }),
                 })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await admin.PostOnAsync(Page, handler, fields)).StatusCode);
        }
        var invitedElsewhere = await admin.PostOnAsync(Page, "invite", ("name", "Per"), ("email", "per@example.no"), ("culture", "nb"),
            ("roles", DeliveryRoles.Therapist), ("organisation", "Helse Lyng"));
        Assert.Equal(HttpStatusCode.Forbidden, invitedElsewhere.StatusCode);
        var stored = await app.DbAsync(d => d.Users.AsNoTracking().Where(u => u.Id == lise.Id || u.Email == "per@example.no").ToListAsync());
        Assert.Equal("Helse Lyng", Assert.Single(stored).Organisation);
        Assert.False(await app.Services.IsInRoleAsync("lise@example.no", DeliveryRoles.ClinicAdmin));
        Assert.False(StaffLifecycle.IsDeactivated(stored[0]));
        Assert.Empty(await AuditAsync(app));

        // Invited staff join her organisation; she may not move herself away as its last admin, but may hand Tone over.
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostOnAsync(Page, "invite", ("name", "Per"), ("email", "per@example.no"),
            ("culture", "nb"), ("roles", DeliveryRoles.Therapist), ("organisation", "Helse Fjord"))).StatusCode);
        Assert.Equal("", await app.DbAsync(d => d.Users.Where(u => u.Email == "per@example.no").Select(u => u.Organisation).SingleAsync()));
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostOnAsync(Page, "organisation", ("id", ada.Id), ("organisation", "Helse Lyng"))).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostOnAsync(Page, "organisation", ("id", tone.Id), ("organisation", "Helse Nord"))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostOnAsync(Page, "organisation", ("id", tone.Id), ("organisation", "Helse Lyng"))).StatusCode);
        Assert.DoesNotContain("data-staff=\"tone@example.no\"", await admin.GetStringAsync(Page)); // (the audit log still names her)
        Assert.Contains(await AuditAsync(app), a => a is { Action: "organisation-changed", ActorName: "Ada", TargetEmail: "tone@example.no", Detail: "Helse Fjord → Helse Lyng" });
        using var lyng = await app.SignedInClientAsync("lars@example.no");
        var lyngPage = await lyng.GetStringAsync(Page);
        Assert.Contains("data-staff=\"tone@example.no\"", lyngPage);
        Assert.DoesNotContain("per@example.no", lyngPage);
    }

    private static async Task<List<StaffAuditEntry>> AuditAsync<T>(AppFactory<T> app) where T : class
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<StaffAuditEntry>().AsNoTracking()
            .OrderByDescending(a => a.Id).ToListAsync();
    }
}
