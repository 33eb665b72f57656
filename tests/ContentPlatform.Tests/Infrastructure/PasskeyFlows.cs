using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>The passkey ceremonies over HTTP, as the page script runs them, with a <see cref="SoftwareAuthenticator"/>.</summary>
public static class PasskeyFlows
{
    /// <summary>POST to an options endpoint with the antiforgery token of <paramref name="page"/> (null: no token).</summary>
    public static async Task<HttpResponseMessage> PasskeyOptionsAsync(this HttpClient client, string kind, string? page)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PlatformPasskeys.ApiPath}/{kind}");
        if (page is not null)
        {
            request.Headers.Add("RequestVerificationToken", await client.AntiforgeryTokenAsync(page));
        }
        return await client.SendAsync(request);
    }

    /// <summary>Adds a passkey from the security page: options, the authenticator's answer, the form post.</summary>
    public static async Task<HttpResponseMessage> AddPasskeyAsync(this HttpClient client, SoftwareAuthenticator authenticator, string name,
        Func<string, string>? tamper = null)
    {
        var token = await client.AntiforgeryTokenAsync(PlatformPasskeys.SecurityPath);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PlatformPasskeys.ApiPath}/creation-options");
        request.Headers.Add("RequestVerificationToken", token);
        var options = await client.SendAsync(request);
        options.EnsureSuccessStatusCode();
        var credential = authenticator.Create(await options.Content.ReadAsStringAsync());
        return await client.PostFormAsync($"{PlatformPasskeys.SecurityPath}?handler=add", ("name", name),
            ("credential", tamper?.Invoke(credential) ?? credential), ("__RequestVerificationToken", token));
    }

    /// <summary>Signs in from the sign-in page with the authenticator's passkey (or with <paramref name="credential"/> instead).</summary>
    public static async Task<HttpResponseMessage> PasskeySignInAsync(this HttpClient client, SoftwareAuthenticator? authenticator,
        string? credential = null, Action<string>? sent = null)
    {
        var token = await client.AntiforgeryTokenAsync("/account/login");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{PlatformPasskeys.ApiPath}/request-options");
        request.Headers.Add("RequestVerificationToken", token);
        var options = await client.SendAsync(request);
        options.EnsureSuccessStatusCode();
        credential ??= authenticator!.Get(await options.Content.ReadAsStringAsync());
        sent?.Invoke(credential);
        return await client.PostFormAsync("/account/login?handler=passkey", ("credential", credential), ("__RequestVerificationToken", token));
    }
}
