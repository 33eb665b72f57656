using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ContentPlatform.Platform.StaffAdmin;

/// <summary>
/// `create-admin --email ADDRESS [--base-url URL]`: the first administrator of a new installation, in any environment.
/// Prints a one-time link (24 h) to choose a password; the second factor is enrolled after it. The link is printed, not
/// mailed, so it works before mail is set up — whoever can run commands on the server is trusted with it anyway.
/// </summary>
public static class CreateAdminCommand
{
    public const string Usage = "create-admin --email ADDRESS [--base-url https://site.example.no]";

    /// <param name="updateExisting">What the app's own options change on an account that already exists (none: nothing).</param>
    public static async Task<int> RunAsync<TUser>(WebApplication app, string[] args, string adminRole, Func<string, TUser> newUser,
        Action<TUser>? updateExisting = null)
        where TUser : IdentityUser
    {
        string? Option(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        var email = Option("--email")?.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync($"An e-mail address is needed: {Usage}");
            return 2;
        }
        var baseUrl = Option("--base-url") ?? FirstUrl(app.Configuration["Urls"]);
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            await Console.Error.WriteLineAsync($"--base-url '{baseUrl}' must be the site's absolute http(s) address: {Usage}");
            return 2;
        }
        await using var scope = app.Services.CreateAsyncScope();
        var lifecycle = scope.ServiceProvider.GetRequiredService<StaffLifecycle<TUser>>();
        var (link, errors) = await lifecycle.CreateAdminAsync(email, adminRole, baseUrl, newUser, CancellationToken.None, updateExisting);
        if (link is null)
        {
            await Console.Error.WriteLineAsync($"Not created: {string.Join("; ", errors.Select(e => e.Description))}");
            return 1;
        }
        Console.WriteLine($"Administrator {email} ({adminRole}). Open this link within 24 hours to choose a password; it works once:");
        Console.WriteLine(link);
        return 0;
    }

    /// <summary>The first URL the app listens on; a wildcard host (http://+:5000, http://*:5000) becomes localhost.</summary>
    private static string FirstUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
        return first.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
    }
}
