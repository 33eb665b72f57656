using System.Net;
using System.Security.Cryptography;
using ContentPlatform.Delivery;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.DemoIdp;
using ContentPlatform.Platform.Sessions;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Tests.Revocation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace ContentPlatform.Tests.ExternalLogin;

/// <summary>
/// OpenID Connect Back-Channel Logout at /signout-oidc-backchannel: a sign-out at the provider ends the sessions it
/// started here at once (cookie and open hub connection); a token that is not a genuine, fresh, single-use logout token
/// for this app is refused with 400 and ends nothing.
/// </summary>
public sealed class BackchannelLogoutTests
{
    private const string Path = "/signout-oidc-backchannel";

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Signing_out_at_the_provider_ends_the_app_session_and_closes_its_open_hub_connection(Db db)
    {
        var port = Apps.FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        await using var helseid = await DemoIdpServer.StartAsync(Flavours.HelseId, false, new DemoClient("delivery-helseid",
            $"{baseAddress}signin-helseid", baseAddress.ToString(), NationalSignIn.Secret, BackchannelLogoutUri: $"{baseAddress}signout-oidc-backchannel"));
        await using var app = new NationalApp<DeliveryApp>(await TestDatabase.CreateAsync(db, "delivery"), NationalSignIn.Settings(null, helseid), false);
        app.UseRealServer(port);
        await BindAsync(app.Services, "terje@example.no", TestPersons.TerjeTerapeut.Sub!);
        using var session = NewSession(baseAddress);
        using var atProvider = OidcFlow.NewBrowser();
        Assert.Equal("/staff", await SignInAsync(session.Http, atProvider, TestPersons.TerjeTerapeut));
        await using var hub = await session.CareHubAsync(new RetryAtOnce(2));

        // The person signs out at HelseID; the provider posts its logout_token to the app before it answers.
        (await atProvider.GetAsync($"{helseid.Authority}connect/endsession")).Dispose();

        await hub.ClosedByServerAsync();
        await session.CannotReconnectAsync();
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/staff")).StatusCode); // to the sign-in page
        Assert.NotNull((await RowsAsync(app.Services)).Single().EndedUtc);
    }

    [Fact]
    public async Task A_forged_unsigned_misaddressed_stale_nonce_bearing_or_replayed_logout_token_is_refused_and_ends_nothing()
    {
        await using var helseid = await NationalSignIn.HelseIdAsync();
        await using var app = await NationalSignIn.DeliveryAsync(Db.Sqlite, null, helseid);
        await BindAsync(app.Services, "terje@example.no", TestPersons.TerjeTerapeut.Sub!);
        var client = app.Browser();
        Assert.Equal("/staff", (await NationalSignIn.SignInAsync(client, new DemoLogin(TestPersons.TerjeTerapeut.Pid), provider: "helseid")).Landed);
        var sid = (await RowsAsync(app.Services)).Single().ProviderSessionId!;
        var tokens = new LogoutTokens(helseid, "delivery-helseid", TestPersons.TerjeTerapeut.Sub!, sid);
        using var otherKey = RSA.Create(2048);
        var machine = app.Browser();

        var refused = new Dictionary<string, string>
        {
            ["forged"] = tokens.Create(signing: new SigningCredentials(new RsaSecurityKey(otherKey) { KeyId = "forged" }, SecurityAlgorithms.RsaSha256)),
            ["unsigned"] = tokens.Create(unsigned: true),
            ["wrong audience"] = tokens.Create(audience: "someone-else"),
            ["wrong issuer"] = tokens.Create(issuer: "http://127.0.0.1:1/"),
            ["nonce"] = tokens.Create(extra: new() { ["nonce"] = "abc" }),
            ["no event"] = tokens.Create(events: false),
            ["stale"] = tokens.Create(issuedAt: DateTime.UtcNow.AddMinutes(-10)),
            ["neither sid nor sub"] = tokens.Create(sid: null, sub: null),
            ["no jti"] = tokens.Create(jti: null),
            ["garbage"] = "not.a.token",
            ["empty"] = "",
        };
        foreach (var (name, token) in refused)
        {
            var response = await machine.PostFormAsync(Path, ("logout_token", token));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode}");
        }
        Assert.Equal(HttpStatusCode.BadRequest, (await machine.PostAsync(Path, new StringContent("{}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        Assert.Null((await RowsAsync(app.Services)).Single().EndedUtc);

        // The genuine token works once; the same token again is a replay.
        var genuine = tokens.Create();
        Assert.Equal(HttpStatusCode.OK, (await machine.PostFormAsync(Path, ("logout_token", genuine))).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/staff")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await machine.PostFormAsync(Path, ("logout_token", genuine))).StatusCode);
    }

    private static RealSession NewSession(Uri baseAddress)
    {
        var cookies = new CookieContainer();
        var http = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = baseAddress };
        return new RealSession(http, cookies, baseAddress, "nb");
    }

    private static async Task<string> SignInAsync(HttpClient app, HttpClient atProvider, TestPerson person)
    {
        var token = await app.AntiforgeryTokenAsync("/account/login");
        var challenge = await app.PostFormAsync("/account/external", ("__RequestVerificationToken", token), ("provider", "helseid"));
        var callback = await OidcFlow.LoginAsync(atProvider, challenge.Headers.Location!, new DemoLogin(person.Pid));
        return await NationalSignIn.FollowAsync(app, callback.PathAndQuery);
    }

    private static async Task BindAsync(IServiceProvider services, string email, string subject)
    {
        var user = await services.CreateUserAsync(email, email, DeliveryRoles.Therapist);
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        Assert.True((await users.AddLoginAsync((await users.FindByIdAsync(user.Id))!, new UserLoginInfo("helseid", subject, "HelseID"))).Succeeded);
    }

    private static async Task<List<LoginSession>> RowsAsync(IServiceProvider services)
    {
        await using var scope = services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<DeliveryDbContext>().Set<LoginSession>().AsNoTracking().ToListAsync();
    }

    /// <summary>Logout tokens as the provider would make them (its own signing key), and variations that must be refused.</summary>
    private sealed class LogoutTokens(DemoIdpServer idp, string clientId, string subject, string sessionId)
    {
        public string Create(string? issuer = null, string? audience = null, SigningCredentials? signing = null, bool unsigned = false,
            bool events = true, DateTime? issuedAt = null, string? sid = "", string? sub = "", string? jti = "",
            Dictionary<string, object>? extra = null)
        {
            var claims = new Dictionary<string, object>();
            if (sub is not null)
            {
                claims["sub"] = sub.Length == 0 ? subject : sub;
            }
            if (sid is not null)
            {
                claims["sid"] = sid.Length == 0 ? sessionId : sid;
            }
            if (jti is not null)
            {
                claims["jti"] = jti.Length == 0 ? Guid.NewGuid().ToString("N") : jti;
            }
            if (events)
            {
                claims["events"] = new Dictionary<string, object> { [BackchannelLogout.LogoutEvent] = new Dictionary<string, object>() };
            }
            foreach (var (key, value) in extra ?? [])
            {
                claims[key] = value;
            }
            var at = issuedAt ?? DateTime.UtcNow;
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer ?? idp.Authority,
                Audience = audience ?? clientId,
                IssuedAt = at,
                Expires = at.AddMinutes(15),
                TokenType = "logout+jwt",
                SigningCredentials = unsigned ? null
                    : signing ?? idp.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue.SigningCredentials[0],
                Claims = claims,
            });
        }
    }
}
