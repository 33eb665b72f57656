using ContentPlatform.Cms.Identity;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.ManagerUi;

public sealed partial class ManagerUiTests
{
    /// <summary>The header's "Logg ut" form carries its own antiforgery token (posted field by field, as a browser does).</summary>
    [Fact]
    public async Task The_sign_out_button_in_the_header_signs_the_editor_out()
    {
        await using var app = await Apps.CmsAsync(Db.Sqlite);
        var client = await SignedInAsync(app, "eli@example.no", StaffRoles.Editor);

        var form = BrowserForm.Parse(await client.GetStringAsync("/programs"), "form[action='/account/logout']");
        Assert.True(form.Has("__RequestVerificationToken"));
        var response = await client.PostAsync("/account/logout", form.Content());

        Assert.True(response.IsSuccessStatusCode, $"sign-out answered {response.StatusCode}");
        Assert.Equal("/account/login", response.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Equal("/account/login", (await client.GetAsync("/programs")).RequestMessage!.RequestUri!.AbsolutePath);
    }
}
