using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace ContentPlatform.Tests.DemoIdp;

/// <summary>
/// With `DemoIdp:Faults=true` the login form's "fault" spoils that sign-in's ID token in exactly one way: the token fails
/// a relying party's validation, and passes once that one check is relaxed (so nothing else is wrong with it).
/// </summary>
public sealed class DemoIdpFaultTests(DemoIdpFaultTests.FaultyProvider faulty) : IClassFixture<DemoIdpFaultTests.FaultyProvider>
{
    private static readonly DemoClient Client = new("test-idporten", "http://localhost:5999/signin-idporten");

    /// <summary>One provider with faults on for the class: each sign-in's fault affects only its own token.</summary>
    public sealed class FaultyProvider : IAsyncLifetime
    {
        public DemoIdpServer Idp { get; private set; } = null!;

        public async Task InitializeAsync() => Idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: true, Client);

        public async Task DisposeAsync() => await Idp.DisposeAsync();
    }

    private async Task<(DemoIdpServer Idp, AuthorizationRequest Request, string IdToken)> SignInWithAsync(string fault)
    {
        var (request, tokens) = await OidcFlow.SignInAsync(faulty.Idp, Client, "openid profile", new DemoLogin(TestPersons.OlaNordmann.Pid, Fault: fault));
        return (faulty.Idp, request, tokens.IdToken!);
    }

    [Fact]
    public async Task Wrong_issuer_signs_a_token_from_another_issuer()
    {
        var (idp, _, token) = await SignInWithAsync(TokenFaultNames.WrongIssuer);

        Assert.IsType<SecurityTokenInvalidIssuerException>((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).Exception);
        Assert.Equal(TokenFaultNames.WrongIssuerValue, IdTokens.Payload(token)["iss"]!.GetValue<string>());
        Assert.True((await IdTokens.ValidateAsync(idp, token, Client.ClientId, p => p.ValidateIssuer = false)).IsValid);
    }

    [Fact]
    public async Task Wrong_audience_signs_a_token_for_another_client()
    {
        var (idp, _, token) = await SignInWithAsync(TokenFaultNames.WrongAudience);

        Assert.IsType<SecurityTokenInvalidAudienceException>((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).Exception);
        Assert.True((await IdTokens.ValidateAsync(idp, token, TokenFaultNames.WrongAudienceValue)).IsValid);
    }

    [Fact]
    public async Task Bad_signature_alters_the_signature_and_nothing_else()
    {
        var (idp, request, token) = await SignInWithAsync(TokenFaultNames.BadSignature);

        Assert.IsType<SecurityTokenInvalidSignatureException>((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).Exception);
        Assert.Equal(request.Nonce, IdTokens.Payload(token)["nonce"]!.GetValue<string>());
        Assert.Equal(idp.Authority, IdTokens.Payload(token)["iss"]!.GetValue<string>());
    }

    [Fact]
    public async Task Alg_none_sends_an_unsigned_token()
    {
        var (idp, _, token) = await SignInWithAsync(TokenFaultNames.AlgNone);

        Assert.Equal("none", IdTokens.Header(token)["alg"]!.GetValue<string>());
        Assert.EndsWith(".", token, StringComparison.Ordinal);
        Assert.False((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).IsValid);
    }

    [Fact]
    public async Task Expired_signs_a_token_that_expired_beyond_any_clock_skew()
    {
        var (idp, _, token) = await SignInWithAsync(TokenFaultNames.Expired);

        Assert.IsType<SecurityTokenExpiredException>((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).Exception);
        var exp = DateTimeOffset.FromUnixTimeSeconds(IdTokens.Payload(token)["exp"]!.GetValue<long>());
        Assert.True(exp < DateTimeOffset.UtcNow.AddMinutes(-30));
        Assert.True((await IdTokens.ValidateAsync(idp, token, Client.ClientId, p => p.ValidateLifetime = false)).IsValid);
    }

    [Fact]
    public async Task No_nonce_signs_a_valid_token_without_the_nonce()
    {
        var (idp, _, token) = await SignInWithAsync(TokenFaultNames.NoNonce);

        Assert.True((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).IsValid);
        Assert.False(IdTokens.Payload(token).ContainsKey("nonce"));
    }

    [Fact]
    public async Task Without_faults_turned_on_a_posted_fault_is_ignored_and_the_form_offers_none()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Client);
        var (request, tokens) = await OidcFlow.SignInAsync(idp, Client, "openid profile", new DemoLogin(TestPersons.OlaNordmann.Pid, Fault: TokenFaultNames.WrongIssuer));
        var token = tokens.IdToken!;

        Assert.True((await IdTokens.ValidateAsync(idp, token, Client.ClientId)).IsValid);
        Assert.Equal(request.Nonce, IdTokens.Payload(token)["nonce"]!.GetValue<string>());
        using var browser = OidcFlow.NewBrowser();
        var (_, html) = await OidcFlow.FollowToLoginPageAsync(browser, OidcFlow.Authorize(idp.Authority, Client, "openid").Url);
        Assert.DoesNotContain("name=\"fault\"", html, StringComparison.Ordinal);
    }
}
