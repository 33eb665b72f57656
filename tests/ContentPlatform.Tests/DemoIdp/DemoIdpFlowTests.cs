using System.Net;
using System.Text.Json.Nodes;
using ContentPlatform.DemoIdp;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.DemoIdp;

/// <summary>The demo provider behaves like ID-porten and HelseID over real HTTP: discovery, code flow with PKCE, claims.</summary>
public sealed class DemoIdpFlowTests
{
    private static readonly DemoClient Patient = new("test-idporten", "http://localhost:5999/signin-idporten", "http://localhost:5999/");
    private static readonly DemoClient Staff = new("test-helseid", "http://localhost:5999/signin-helseid", "http://localhost:5999/");

    [Theory]
    [InlineData(Flavours.IdPorten)]
    [InlineData(Flavours.HelseId)]
    public async Task Discovery_lists_the_endpoints_and_offers_only_S256_and_RS256(string flavour)
    {
        await using var idp = await DemoIdpServer.StartAsync(flavour, faults: false, Patient);
        using var http = new HttpClient();

        var discovery = JsonNode.Parse(await http.GetStringAsync(idp.Authority + ".well-known/openid-configuration"))!;

        Assert.Equal(idp.Authority, discovery["issuer"]!.GetValue<string>());
        foreach (var (key, path) in new[] { ("authorization_endpoint", "connect/authorize"), ("token_endpoint", "connect/token"), ("userinfo_endpoint", "connect/userinfo"), ("end_session_endpoint", "connect/endsession"), ("jwks_uri", ".well-known/jwks") })
        {
            Assert.Equal(idp.Authority + path, discovery[key]!.GetValue<string>());
        }
        Assert.Equal(["S256"], discovery["code_challenge_methods_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["RS256"], discovery["id_token_signing_alg_values_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Contains("client_secret_basic", discovery["token_endpoint_auth_methods_supported"]!.AsArray().Select(v => v!.GetValue<string>()));
        var scopes = discovery["scopes_supported"]!.AsArray().Select(v => v!.GetValue<string>()).ToList();
        Assert.Equal(flavour == Flavours.HelseId, scopes.Contains(Flavour.HelseIdPidScope));
    }

    [Fact]
    public async Task An_IdPorten_sign_in_with_PKCE_gives_a_signed_id_token_with_pid_acr_amr_locale_and_a_pairwise_subject()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        var person = TestPersons.SigridFjellheim;

        var (request, tokens) = await OidcFlow.SignInAsync(idp, Patient, "openid profile",
            new DemoLogin(person.Pid, TestPersons.High), acrValues: TestPersons.Substantial);

        Assert.Equal(HttpStatusCode.OK, tokens.Status);
        var validation = await IdTokens.ValidateAsync(idp, tokens.IdToken!, Patient.ClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var token = IdTokens.Read(tokens.IdToken!);
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(request.Nonce, token.GetClaim("nonce").Value);
        Assert.Equal(TestPersons.PairwiseSub(person.Pid, Patient.ClientId), token.Subject);
        Assert.NotEqual(TestPersons.PairwiseSub(person.Pid, "another-client"), token.Subject);
        Assert.Equal(person.Pid, token.GetClaim("pid").Value);
        Assert.Equal(TestPersons.High, token.GetClaim("acr").Value);
        Assert.Equal("[\"BankID\"]", IdTokens.Payload(tokens.IdToken!)["amr"]!.ToJsonString());
        Assert.Equal("nn", token.GetClaim("locale").Value);
        Assert.Equal("Sigrid Fjellheim", token.GetClaim("name").Value);
        Assert.Equal("Sigrid", token.GetClaim("given_name").Value);
        Assert.Equal("Fjellheim", token.GetClaim("family_name").Value);
    }

    [Fact]
    public async Task A_HelseId_sign_in_gives_the_stable_subject_pid_assurance_level_hpr_number_and_strong_amr()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.HelseId, faults: false, Staff);
        var person = TestPersons.TerjeTerapeut;

        var (_, tokens) = await OidcFlow.SignInAsync(idp, Staff,
            $"openid profile {Flavour.HelseIdPidScope} {Flavour.HelseIdAssuranceScope}", new DemoLogin(person.Pid));

        var validation = await IdTokens.ValidateAsync(idp, tokens.IdToken!, Staff.ClientId);
        Assert.True(validation.IsValid, validation.Exception?.Message);
        var claims = IdTokens.Payload(tokens.IdToken!);
        Assert.Equal(person.Sub, claims["sub"]!.GetValue<string>());
        Assert.Equal(person.Pid, claims[Flavour.HelseIdPidClaim]!.GetValue<string>());
        Assert.Equal("high", claims[Flavour.HelseIdAssuranceClaim]!.GetValue<string>());
        Assert.Equal(person.HprNumber, claims[Flavour.HelseIdHprClaim]!.GetValue<string>());
        Assert.Equal("Terje Terapeut", claims["name"]!.GetValue<string>());
        Assert.Equal("[\"pwd\",\"otp\"]", claims["amr"]!.ToJsonString());
        Assert.Equal(TestPersons.High, claims["acr"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_userinfo_endpoint_returns_the_persons_claims_for_the_access_token()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        var (_, tokens) = await OidcFlow.SignInAsync(idp, Patient, "openid profile", new DemoLogin(TestPersons.KariNordmann.Pid));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);

        var userinfo = JsonNode.Parse(await http.GetStringAsync(idp.Authority + "connect/userinfo"))!;

        Assert.Equal(TestPersons.PairwiseSub(TestPersons.KariNordmann.Pid, Patient.ClientId), userinfo["sub"]!.GetValue<string>());
        Assert.Equal(TestPersons.KariNordmann.Pid, userinfo["pid"]!.GetValue<string>());
        Assert.Equal("Kari Nordmann", userinfo["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_is_refused()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, Patient, "openid profile", pkce: false);

        using var response = await browser.GetAsync(request.Url);

        // OpenIddict answers this one itself rather than redirecting: no code ever reaches the client.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("error:invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_with_only_MinID_cannot_sign_in_when_the_client_asks_for_the_high_level()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, Patient, "openid profile", acrValues: TestPersons.High);
        var (page, html) = await OidcFlow.FollowToLoginPageAsync(browser, request.Url);

        using var response = await OidcFlow.SubmitLoginAsync(browser, page, html!, new DemoLogin(TestPersons.AslakAasen.Pid, TestPersons.High));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("har ikke dette sikkerhetsnivået", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_person_cannot_choose_a_level_below_what_the_client_asks_for()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, Patient, "openid profile", acrValues: TestPersons.High);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            OidcFlow.LoginAsync(browser, request.Url, new DemoLogin(TestPersons.KariNordmann.Pid, TestPersons.Substantial)));

        Assert.Contains("sikkerhetsnivået", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelling_on_the_login_page_sends_access_denied_to_the_client()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.HelseId, faults: false, Staff);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, Staff, "openid profile");

        var callback = OidcFlow.Query(await OidcFlow.LoginAsync(browser, request.Url, new DemoLogin(TestPersons.EliRedaktor.Pid, Cancel: true)));

        Assert.Equal("access_denied", callback["error"]);
        Assert.Equal(request.State, callback["state"]);
        Assert.DoesNotContain("code", callback.Keys);
    }

    [Fact]
    public async Task The_login_page_is_in_nynorsk_when_the_client_asks_for_nn()
    {
        await using var idp = await DemoIdpServer.StartAsync(Flavours.IdPorten, faults: false, Patient);
        using var browser = OidcFlow.NewBrowser();
        var request = OidcFlow.Authorize(idp.Authority, Patient, "openid profile", uiLocales: "nn");

        var (_, html) = await OidcFlow.FollowToLoginPageAsync(browser, request.Url);

        Assert.Contains("<html lang=\"nn\">", html, StringComparison.Ordinal);
        Assert.Contains("Tryggleiksniv", html, StringComparison.Ordinal);
        // The test persons are described in Nynorsk too, not in Bokmål on a Nynorsk page.
        var decoded = System.Net.WebUtility.HtmlDecode(html);
        Assert.Contains("Pasient som les nynorsk (BankID)", decoded, StringComparison.Ordinal);
        Assert.Contains("Pasient med berre MinID (berre betydeleg nivå)", decoded, StringComparison.Ordinal);
        Assert.DoesNotContain("høyt eller betydelig", decoded, StringComparison.Ordinal);
    }
}
