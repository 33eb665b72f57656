using System.Net;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.Delivery;

/// <summary>Display names go through the one text rule (TextInput.Name).</summary>
public sealed class DisplayNameHygieneTests
{
    [Fact]
    public async Task A_name_of_only_invisible_characters_is_refused_and_a_name_keeps_no_bidi_control_or_path_separator()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.StoreReleaseAsync(SamplePrograms.Course(), 1);
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var refused = await client.SignUpAsync(SamplePrograms.CourseId, "\u200B\u2060\uFEFF", "kari@example.no");
        Assert.Contains("Navnet må inneholde synlige tegn", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync("kari@example.no"));
        }

        var joined = await client.SignUpAsync(SamplePrograms.CourseId, "\u202EKari/../Nord\\mann\u2069", "kari@example.no");
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode); // the account waits for its confirmation, with its name already kept
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = await scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>().FindByEmailAsync("kari@example.no");
            Assert.Equal("Kari .. Nord mann", user!.DisplayName);
        }
    }
}
