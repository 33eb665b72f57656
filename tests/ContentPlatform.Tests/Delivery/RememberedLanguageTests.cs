using ContentPlatform.Delivery.Identity;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ContentPlatform.Tests.Delivery;

public sealed class RememberedLanguageTests
{
    [Fact]
    public async Task A_patients_language_choice_follows_them_to_another_device()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var phone = await app.SignedInClientAsync("anne@example.no", "nb");
        Assert.Contains("lang=\"nb\"", await phone.GetStringAsync("/my-data"));
        await phone.GetAsync("/culture/nn?returnUrl=/my-data");
        Assert.Contains("lang=\"nn\"", await phone.GetStringAsync("/my-data"));

        // A second device whose browser asks for bokmål: after signing in, the account's nynorsk wins.
        var laptop = await app.SignedInClientAsync("anne@example.no", "nb");
        var page = await laptop.GetStringAsync("/my-data");
        Assert.Contains("lang=\"nn\"", page);
        Assert.Contains("Opplysningane mine", page);
    }

    [Fact]
    public async Task Switching_language_without_signing_in_changes_only_this_browser()
    {
        await using var app = await Apps.DeliveryAsync(Db.Sqlite);
        await app.Services.CreateUserAsync("anne@example.no", "Anne", DeliveryRoles.Patient);
        var visitor = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await visitor.GetAsync("/culture/nn?returnUrl=/");
        Assert.Contains("lang=\"nn\"", await visitor.GetStringAsync("/"));
        var other = await app.SignedInClientAsync("anne@example.no", "nb");
        Assert.Contains("lang=\"nb\"", await other.GetStringAsync("/my-data"));
    }
}
