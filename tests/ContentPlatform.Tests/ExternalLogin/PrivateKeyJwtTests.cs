using System.Net;
using System.Security.Cryptography;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// private_key_jwt against the real demo provider: the provider knows the app only by its public key (no shared secret),
/// and the app proves itself at the token endpoint with a short JWT signed by its private key, as HelseID requires.
/// </summary>
public sealed class PrivateKeyJwtTests : IDisposable
{
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("private-key-jwt-");

    [Fact]
    public async Task A_therapist_signs_in_with_HelseID_where_the_app_proves_itself_with_its_private_key()
    {
        var (privateKey, publicKey) = KeyPair("app");
        await using var helseid = await HelseIdKnowingAsync(publicKey);
        await using var app = await DeliveryAsync(helseid, privateKey);
        await BindAsync(app.Services);
        var client = app.Browser();

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.TerjeTerapeut.Pid), provider: "helseid");

        Assert.True(result.Landed == "/staff", $"landed on {result.Landed}:\n" + string.Join("\n", app.Log().Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase))));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
    }

    [Fact]
    public async Task An_app_signing_with_a_key_the_provider_does_not_know_is_refused_with_a_message_in_Nynorsk()
    {
        var (_, registered) = KeyPair("registered");
        var (wrong, _) = KeyPair("wrong");
        await using var helseid = await HelseIdKnowingAsync(registered);
        await using var app = await DeliveryAsync(helseid, wrong);
        await BindAsync(app.Services);
        var client = app.Browser("nn");

        var result = await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.TerjeTerapeut.Pid), provider: "helseid");

        Assert.StartsWith("/account/login?external=", result.Landed);
        var page = await client.GetAsync(result.Landed);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("Innlogginga kunne ikkje fullførast på ein trygg måte", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(@"IDX\d{5}|Exception", html);
        // Refused for the key: the assertion was sent and the provider turned it down (not "no client authentication", ID2198).
        var log = string.Join("\n", app.Log());
        Assert.Contains("invalid_client", log, StringComparison.Ordinal);
        Assert.DoesNotContain("ID2198", log, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode); // no session
        Assert.Equal((1, 1), await app.Services.CountAsync()); // the bound account only; nothing created
    }

    public void Dispose() => _keys.Delete(recursive: true);

    /// <summary>A fresh RSA key pair in two PEM files: the private one for the app, the public one for the provider.</summary>
    private (string PrivateKey, string PublicKey) KeyPair(string name)
    {
        using var rsa = RSA.Create(2048);
        var privateKey = Path.Combine(_keys.FullName, $"{name}.key.pem");
        var publicKey = Path.Combine(_keys.FullName, $"{name}.pub.pem");
        File.WriteAllText(privateKey, rsa.ExportRSAPrivateKeyPem());
        File.WriteAllText(publicKey, rsa.ExportSubjectPublicKeyInfoPem());
        return (privateKey, publicKey);
    }

    private static Task<DemoIdpServer> HelseIdKnowingAsync(string publicKey) =>
        DemoIdpServer.StartAsync(Flavours.HelseId, false,
            NationalSignIn.Client("delivery-helseid", "/signin-helseid") with { ClientSecret = "", PublicKeyFile = publicKey });

    private static async Task<NationalApp<DeliveryApp>> DeliveryAsync(DemoIdpServer helseid, string privateKey)
    {
        var settings = NationalSignIn.Settings(null, helseid);
        settings["Authentication:HelseId:ClientSecret"] = "";
        settings["Authentication:HelseId:PrivateKeyFile"] = privateKey;
        return new NationalApp<DeliveryApp>(await TestDatabase.CreateAsync(Db.Sqlite, "delivery"), settings, traced: false);
    }

    private static async Task BindAsync(IServiceProvider services)
    {
        var user = await services.CreateUserAsync("terje@example.no", "Terje", DeliveryRoles.Therapist);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        Assert.True((await users.AddLoginAsync((await users.FindByIdAsync(user.Id))!, new UserLoginInfo("helseid", TestPersons.TerjeTerapeut.Sub!, "HelseID"))).Succeeded);
    }
}
