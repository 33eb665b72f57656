using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.WebUtilities;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>What a person does on the demo provider's login page: the form's field names, fixed for tests.</summary>
/// <param name="Person">The test person's national identity number (`TestPersons.X.Pid`).</param>
/// <param name="Level">ID-porten: `idporten-loa-substantial` or `idporten-loa-high`; null keeps what the page preselects.</param>
/// <param name="Fault">With faults on: a `TokenFaultNames` value that spoils this sign-in's ID token.</param>
/// <param name="Cancel">Press "Avbryt" instead of "Logg inn" (the client gets `error=access_denied`).</param>
public sealed record DemoLogin(string Person, string? Level = null, string? Fault = null, bool Cancel = false);

/// <summary>A client's authorization request: the values it must check when the code comes back.</summary>
public sealed record AuthorizationRequest(Uri Url, string State, string Nonce, string? CodeVerifier);

/// <summary>The token endpoint's answer, and the ID token split for inspection.</summary>
public sealed record TokenResponse(HttpStatusCode Status, JsonObject Body)
{
    public string? IdToken => Body["id_token"]?.GetValue<string>();

    public string? AccessToken => Body["access_token"]?.GetValue<string>();

    public string? Error => Body["error"]?.GetValue<string>();
}

/// <summary>
/// Drives the demo provider with plain HTTP, no browser: follows redirects up to the login page, posts the form
/// (`person`, `level`, `fault`, `action`) and returns the callback URL the provider sends the browser to. The client
/// half (authorization URL with PKCE, code redemption) is here too, for tests of the provider itself.
/// </summary>
public static class OidcFlow
{
    /// <summary>A cookie-keeping client that does not follow redirects (each hop is visible to the caller).</summary>
    public static HttpClient NewBrowser() =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() });

    /// <summary>
    /// From a URL that leads to the provider's login page (the app's challenge or the authorize URL itself), signs in as
    /// <paramref name="login"/> says and returns where the provider redirects the browser: the client's callback
    /// (`?code=…&amp;state=…&amp;iss=…` or `?error=access_denied…`). Throws with the page's message if the form is refused.
    /// </summary>
    public static async Task<Uri> LoginAsync(HttpClient browser, Uri start, DemoLogin login)
    {
        var (page, html) = await FollowToLoginPageAsync(browser, start);
        if (html is null)
        {
            return page; // single sign-on: the provider answered without showing the page
        }
        using var response = await SubmitLoginAsync(browser, page, html, login);
        if (response.StatusCode is not (HttpStatusCode.Redirect or HttpStatusCode.Found or HttpStatusCode.SeeOther))
        {
            var body = await response.Content.ReadAsStringAsync();
            var alert = new HtmlParser().ParseDocument(body).QuerySelector("[role=alert]")?.TextContent.Trim();
            throw new InvalidOperationException($"the login form was not accepted ({(int)response.StatusCode}): {alert ?? body}");
        }
        return new Uri(page, response.Headers.Location!);
    }

    /// <summary>Follows redirects from <paramref name="start"/> until a page with a form; (url, null) if it ends elsewhere.</summary>
    public static async Task<(Uri Url, string? Html)> FollowToLoginPageAsync(HttpClient browser, Uri start)
    {
        var url = start;
        for (var hop = 0; hop < 10; hop++)
        {
            using var response = await browser.GetAsync(url);
            if (response.Headers.Location is { } next)
            {
                var target = new Uri(url, next);
                if (!target.AbsolutePath.StartsWith("/connect/", StringComparison.Ordinal))
                {
                    return (target, null);
                }
                url = target;
                continue;
            }
            response.EnsureSuccessStatusCode();
            return (url, await response.Content.ReadAsStringAsync());
        }
        throw new InvalidOperationException($"too many redirects from {start}");
    }

    /// <summary>Posts the login page's form as a browser would (hidden fields included) with the person's choices.</summary>
    public static Task<HttpResponseMessage> SubmitLoginAsync(HttpClient browser, Uri page, string html, DemoLogin login)
    {
        var form = new HtmlParser().ParseDocument(html).QuerySelector("form")
            ?? throw new InvalidOperationException($"no form on {page}");
        var fields = form.QuerySelectorAll("input[type=hidden]")
            .Select(i => new KeyValuePair<string, string>(i.GetAttribute("name")!, i.GetAttribute("value") ?? ""))
            .ToList();
        fields.Add(new("person", login.Person));
        if (login.Level is not null)
        {
            fields.Add(new("level", login.Level));
        }
        else if (form.QuerySelector("input[name=level][checked]")?.GetAttribute("value") is { } preselected)
        {
            fields.Add(new("level", preselected));
        }
        if (login.Fault is not null)
        {
            fields.Add(new("fault", login.Fault));
        }
        fields.Add(new("action", login.Cancel ? "cancel" : "login"));
        var action = new Uri(page, form.GetAttribute("action") ?? page.PathAndQuery);
        return browser.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    /// <summary>A client's authorization URL with state, nonce and (unless <paramref name="pkce"/> is false) an S256 challenge.</summary>
    public static AuthorizationRequest Authorize(string authority, DemoClient client, string scope, string? acrValues = null, bool pkce = true, string? uiLocales = null)
    {
        var state = RandomToken();
        var nonce = RandomToken();
        var verifier = pkce ? RandomToken() + RandomToken() : null;
        var query = new Dictionary<string, string?>
        {
            ["client_id"] = client.ClientId,
            ["redirect_uri"] = client.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = scope,
            ["state"] = state,
            ["nonce"] = nonce,
        };
        if (verifier is not null)
        {
            query["code_challenge"] = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
            query["code_challenge_method"] = "S256";
        }
        if (acrValues is not null)
        {
            query["acr_values"] = acrValues;
        }
        if (uiLocales is not null)
        {
            query["ui_locales"] = uiLocales;
        }
        var url = QueryHelpers.AddQueryString(authority.TrimEnd('/') + "/connect/authorize", query);
        return new AuthorizationRequest(new Uri(url), state, nonce, verifier);
    }

    /// <summary>The query parameters of a callback URL.</summary>
    public static Dictionary<string, string> Query(Uri callback) =>
        QueryHelpers.ParseQuery(callback.Query).ToDictionary(p => p.Key, p => p.Value.ToString());

    /// <summary>Redeems a code at the token endpoint with client_secret_basic, as the apps' handler does.</summary>
    public static async Task<TokenResponse> RedeemAsync(string authority, DemoClient client, string code, string? verifier)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, authority.TrimEnd('/') + "/connect/token");
        var credentials = $"{Uri.EscapeDataString(client.ClientId)}:{Uri.EscapeDataString(client.ClientSecret)}";
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        var fields = new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["code"] = code,
            ["redirect_uri"] = client.RedirectUri,
        };
        if (verifier is not null)
        {
            fields["code_verifier"] = verifier;
        }
        request.Content = new FormUrlEncodedContent(fields);
        using var response = await http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        return new TokenResponse(response.StatusCode, body);
    }

    /// <summary>The whole code flow as a client runs it: authorize, log in on the page, check state, redeem the code.</summary>
    public static async Task<(AuthorizationRequest Request, TokenResponse Tokens)> SignInAsync(
        DemoIdpServer idp, DemoClient client, string scope, DemoLogin login, string? acrValues = null)
    {
        using var browser = NewBrowser();
        var request = Authorize(idp.Authority, client, scope, acrValues);
        var callback = Query(await LoginAsync(browser, request.Url, login));
        if (!callback.TryGetValue("code", out var code) || callback.GetValueOrDefault("state") != request.State)
        {
            throw new InvalidOperationException($"no code for this state in the callback: {string.Join('&', callback.Select(p => $"{p.Key}={p.Value}"))}");
        }
        return (request, await RedeemAsync(idp.Authority, client, code, request.CodeVerifier));
    }

    private static string RandomToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
