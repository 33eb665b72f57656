using System.Net;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Identity;
using ContentPlatform.Platform.StaffAdmin;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.StaffAdmin;

/// <summary>The Cms's /admin/users: invite by e-mail and deactivate/re-activate, through the same Platform lifecycle as Delivery.</summary>
public sealed class CmsStaffAdminTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_invited_editor_sets_up_her_account_from_the_mail_and_once_deactivated_is_refused_with_a_clear_message(Db db)
    {
        await using var smtp = new SmtpCatcher();
        await smtp.StartAsync();
        await using var app = await Apps.CmsAsync(db, smtp.Settings());
        using var admin = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);

        var invited = await admin.PostOnAsync("/admin/users", "invite", ("name", "Eli"), ("email", "eli@example.no"), ("culture", "nb"),
            ("roles", StaffRoles.Editor));
        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        var mail = await smtp.WaitForMailAsync("eli@example.no", TimeSpan.FromSeconds(20));
        Assert.Contains("Åpne lenken", mail.TextBody);
        using var eli = await app.AcceptInvitationAsync(mail.Link("/account/staff-invitation/"));
        Assert.Equal(HttpStatusCode.OK, (await eli.GetAsync("/programs")).StatusCode);

        string eliId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            eliId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("eli@example.no"))!.Id;
        }
        Assert.Equal(HttpStatusCode.Redirect, (await admin.PostOnAsync($"/admin/users/{eliId}", "deactivate")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await eli.GetAsync("/programs")).StatusCode);
        using var again = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await again.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", StaffAdminSteps.NewPassword),
            ("__RequestVerificationToken", await again.AntiforgeryTokenAsync("/account/login")));
        Assert.Contains("Kontoen er deaktivert", await signIn.Content.ReadAsStringAsync());
        var wrongPassword = await again.PostFormAsync("/account/login", ("email", "eli@example.no"), ("password", "not her password at all"),
            ("__RequestVerificationToken", await again.AntiforgeryTokenAsync("/account/login")));
        Assert.DoesNotContain("deaktivert", await wrongPassword.Content.ReadAsStringAsync()); // no hint to someone guessing

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var audit = await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<StaffAuditEntry>().AsNoTracking()
                .OrderBy(a => a.Id).Select(a => a.Action).ToListAsync();
            Assert.Equal([StaffAuditActions.Invited, StaffAuditActions.InvitationAccepted, StaffAuditActions.Deactivated], audit);
        }
        Assert.Contains("staff-audit", await admin.GetStringAsync("/admin/users"));
    }

    [Fact]
    public async Task An_editor_cannot_invite_or_deactivate_anyone()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        using var admin = await app.SignedInAsync("ada@example.no", StaffRoles.Admin);
        using var editor = await app.SignedInAsync("eli@example.no", StaffRoles.Editor);
        string adaId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            adaId = (await scope.ServiceProvider.GetRequiredService<UserManager<StaffUser>>().FindByEmailAsync("ada@example.no"))!.Id;
        }
        foreach (var url in new[] { "/admin/users?handler=invite", $"/admin/users/{adaId}?handler=deactivate", $"/admin/users/{adaId}?handler=roles" })
        {
            var post = await editor.PostFormAsync(url, ("email", "x@example.no"), ("roles", StaffRoles.Admin));
            Assert.Equal("/account/denied", post.Headers.Location?.AbsolutePath);
        }
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Empty(await scope.ServiceProvider.GetRequiredService<CmsDbContext>().Set<StaffAuditEntry>().ToListAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }
}
