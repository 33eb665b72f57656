using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.StaffAdmin;
using ContentPlatform.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Tests.StaffAdmin;

/// <summary>What the staff-administration tests do the way a person (or an operator at the command line) does it.</summary>
public static partial class StaffAdminSteps
{
    public const string NewPassword = "a fresh staff passphrase";

    /// <summary>Posts a form on <paramref name="page"/> (its antiforgery token read from the page first).</summary>
    public static async Task<HttpResponseMessage> PostOnAsync(this HttpClient client, string page, string handler, params (string Key, string Value)[] fields) =>
        await client.PostFormAsync($"{page}?handler={handler}", [("__RequestVerificationToken", await client.AntiforgeryTokenAsync(page)), .. fields]);

    /// <summary>
    /// Follows an invitation link as the invitee: chooses the password, enrols an authenticator on the page it is sent to,
    /// and returns the signed-in client (second factor proven).
    /// </summary>
    public static async Task<HttpClient> AcceptInvitationAsync<T>(this AppFactory<T> app, string link, string language = "nb") where T : class
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(language);
        var path = new Uri(link).PathAndQuery;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        var set = await client.PostFormAsync(path, ("password", NewPassword), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(path)));
        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        var enrol = set.Headers.Location!.OriginalString;
        Assert.StartsWith("/account/enrol-2fa", enrol, StringComparison.Ordinal);
        var page = await client.GetStringAsync(enrol);
        var key = KeyPattern().Match(page).Groups[1].Value;
        var done = await client.PostFormAsync(enrol, ("code", Totp.Code(key)), ("__RequestVerificationToken", await client.AntiforgeryTokenAsync(enrol)));
        Assert.Contains("recovery-codes", await done.Content.ReadAsStringAsync());
        return client;
    }

    /// <summary>A one-time link made the way create-admin makes one, without the command line.</summary>
    public static async Task<string> AdminLinkAsync(this IServiceProvider services, string email)
    {
        await using var scope = services.CreateAsyncScope();
        var (link, errors) = await scope.ServiceProvider.GetRequiredService<StaffLifecycle<DeliveryUser>>().CreateAdminAsync(email,
            DeliveryRoles.ClinicAdmin, "http://localhost", e => new DeliveryUser { UserName = e, Email = e, DisplayName = "New" }, CancellationToken.None);
        Assert.Empty(errors);
        return link!;
    }

    public static async Task<bool> IsInRoleAsync(this IServiceProvider services, string email, string role)
    {
        await using var scope = services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
        return await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, role);
    }

    /// <summary>The real app executable running a command against the test's database, as an operator would.</summary>
    public static async Task<(int ExitCode, string Output)> RunAppAsync(string app, string environment, TestDatabase database,
        IEnumerable<KeyValuePair<string, string?>> settings, params string[] command)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(RepoPaths.AppDll(app));
        foreach (var part in command)
        {
            start.ArgumentList.Add(part);
        }
        foreach (var (key, value) in database.Settings().Concat(settings))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    [GeneratedRegex("data-key=\"([A-Z2-7]+)\"")]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"https?://\S+/account/staff-invitation/\S+")]
    public static partial Regex LinkPattern();
}
