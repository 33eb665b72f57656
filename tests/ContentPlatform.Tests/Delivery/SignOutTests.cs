using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.ManagerUi;

namespace ContentPlatform.Tests.Delivery;

/// <summary>
/// "Logg ut" in the page header is a form of its own: it must carry its own antiforgery token, or the browser's post is
/// refused (400) and the person stays signed in. Posted here exactly as a browser would, field by field from that form.
/// </summary>
public sealed class SignOutTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/account/security")]
    [InlineData("/my-data")]
    public async Task The_sign_out_button_in_the_header_signs_the_patient_out(string page)
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var anne = await app.SignedInClientAsync("anne@example.no");

        var html = await anne.GetStringAsync(page);
        var form = BrowserForm.Parse(html, "form[action='/account/logout']");
        Assert.True(form.Has("__RequestVerificationToken"), $"the sign-out form on {page} has no antiforgery token");
        var response = await anne.PostAsync("/account/logout", form.Content());

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location?.OriginalString);
        Assert.NotEqual(HttpStatusCode.OK, (await anne.GetAsync("/my-data")).StatusCode);
    }
}
