using System.Diagnostics;
using ContentPlatform.Tests.Infrastructure;
using ContentPlatform.Delivery.AccessLogs;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// A broken configuration stops the real app process at once with one line naming the setting (exit code 2), instead of
/// a stack trace deep in a request later.
/// </summary>
public sealed class StartupConfigurationTests
{
    [Theory]
    [InlineData("Cms", "--Database:Provider=Oracle", "Database:Provider")]
    [InlineData("Delivery", "--Database:Provider=Oracle", "Database:Provider")]
    [InlineData("Cms", "--Storage:DataPath=/nonexistent/contentplatform", "Storage:DataPath")]
    [InlineData("Delivery", "--Storage:DataPath=/nonexistent/contentplatform", "Storage:DataPath")]
    [InlineData("Cms", "--Database:Provider=Postgres", "Database:ConnectionString")]
    [InlineData("Delivery", "--Theme:Name=no-such-theme", "Theme:Name")]
    [InlineData("Delivery", "--Theme:Organisations:Helse Nord=no-such-theme", "Theme:Organisations:Helse Nord")]
    [InlineData("Delivery", "--Cms:BaseUrl=localhost:5001", "Cms:BaseUrl")]
    [InlineData("Delivery", "--Cms:BaseUrl=http://localhost:5001", "Cms:ApiKey")]
    [InlineData("Delivery", "--Cms:WebhookSecret=short", "Cms:WebhookSecret")]
    [InlineData("Cms", "--Passkeys:Origins:0=cms.example.no", "Passkeys:Origins")]
    [InlineData("Cms", "--Publishing:AllowSelfApproval=maybe", "Publishing:AllowSelfApproval")]
    [InlineData("Delivery", "--Passkeys:Origins:0=https://pasient.example.no/login", "Passkeys:Origins")]
    [InlineData("Delivery", "--AccessLog:ChainKey=", "AccessLog:ChainKey")]
    [InlineData("Delivery", "--AccessLog:ChainKey=too-short-for-an-hmac-key", "AccessLog:ChainKey")]
    [InlineData("Delivery", "--AccessLog:ChainKey=" + ContentPlatform.Delivery.AccessLogs.AccessLogOptions.DevelopmentKey, "AccessLog:ChainKey")]
    [InlineData("Cms", "--Media:Store=Nope", "Media:Store")]
    [InlineData("Cms", "--Media:Limits:ImageBytes=0", "Media:Limits:ImageBytes")]
    [InlineData("Cms", "--Media:JobLeaseSeconds=soon", "Media:JobLeaseSeconds")]
    [InlineData("Cms", "--Media:JobLeaseSeconds=0", "Media:JobLeaseSeconds")]
    [InlineData("Cms", "--Media:PublicBaseUrl=media.example.no", "Media:PublicBaseUrl")]
    [InlineData("Cms", "--ContentApi:Keys:0:Name=delivery", "ContentApi:Keys")]
    [InlineData("Cms", "--Webhooks:Endpoints:0:Url=delivery", "Webhooks:Endpoints")]
    [InlineData("Cms", "--Webhooks:Endpoints:0:Url=http://127.0.0.1:9/hook", "Webhooks:Endpoints:0:Secret")] // a webhook nobody can verify
    [InlineData("Cms", "--Preview:DeliveryUrl=localhost:5000", "Preview:DeliveryUrl")]
    [InlineData("Delivery", "--Cms:PollInterval=often", "Cms:PollInterval")]
    [InlineData("Delivery", "--Analytics:MinCellSize=many", "Analytics:MinCellSize")]
    [InlineData("Cms", "--ForwardedHeaders:KnownProxies:0=proxy.local", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("Delivery", "--ForwardedHeaders:KnownNetworks:0=10.0.0.0/99", "ForwardedHeaders:KnownNetworks:0")]
    [InlineData("Delivery", "--Security:MediaOrigins:0=media.example.no", "Security:MediaOrigins:0")]
    [InlineData("Cms", "--Display:TimeZone=Mars/Olympus", "Display:TimeZone")]
    [InlineData("Delivery", "--Display:TimeZone=Mars/Olympus", "Display:TimeZone")]
    [InlineData("Delivery", "--Realtime:Redis=127.0.0.1:6379,nosuchoption=1", "Realtime:Redis")]
    [InlineData("Delivery", "--Realtime:Redis=,", "Realtime:Redis")]
    [InlineData("Cms", "--PasswordReset:LinkLifetime=3.00:00:00", "PasswordReset:LinkLifetime")]
    [InlineData("Delivery", "--Privacy:NoticeUrl=http://trust.example.no/personvern", "Privacy:NoticeUrl")]
    [InlineData("Delivery", "--Authentication:IdPorten:ClientId=delivery", "Authentication:IdPorten:Authority")]
    [InlineData("Cms", "--Authentication:HelseId:Authority=http://helseid.example.no/", "Authentication:HelseId:Authority")]
    [InlineData("Delivery", "--Authentication:HelseId:Authority=https://helseid.example.no/", "Authentication:HelseId:ClientId")]
    public async Task App_refuses_to_start_and_names_the_broken_setting(string app, string setting, string named)
    {
        var (exitCode, stderr) = await RunAppAsync(app, setting);
        Assert.Equal(2, exitCode);
        Assert.Contains(named, stderr);
        Assert.DoesNotContain("   at ", stderr); // no stack trace
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)); // one line
    }

    /// <summary>An otherwise valid ID-porten section, so each case fails on its own setting (the last value given wins).</summary>
    [Theory]
    [InlineData("--Authentication:IdPorten:AcrValues=idporten-loa-low", "Authentication:IdPorten:AcrValues")]
    [InlineData("--Authentication:IdPorten:RequireHttpsMetadata=false", "Authentication:IdPorten:RequireHttpsMetadata")]
    [InlineData("--Authentication:IdPorten:PrivateKeyFile=/nonexistent/key.pem", "Authentication:IdPorten:PrivateKeyFile")]
    [InlineData("--Identity:PidKey=short", "Identity:PidKey")]
    public async Task Delivery_refuses_to_start_with_a_broken_ID_porten_setting_and_names_it(string setting, string named)
    {
        var (exitCode, stderr) = await RunAppAsync("Delivery", "--Authentication:IdPorten:Authority=https://idporten.example.no/",
            "--Authentication:IdPorten:ClientId=delivery", "--Authentication:IdPorten:ClientSecret=secret",
            "--Identity:PidKey=a-valid-key-of-at-least-thirty-two-characters", setting);
        Assert.Equal(2, exitCode);
        Assert.Contains(named, stderr);
        Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData("Cms")]
    [InlineData("Delivery")]
    public async Task App_refuses_to_start_when_PostgreSQL_is_unreachable(string app)
    {
        var (exitCode, stderr) = await RunAppAsync(app, "--Database:Provider=Postgres",
            "--Database:ConnectionString=Host=127.0.0.1;Port=1;Username=nobody;Database=none;Timeout=3");
        Assert.Equal(2, exitCode);
        Assert.Contains("Database:ConnectionString", stderr);
        Assert.DoesNotContain("   at ", stderr);
    }

    internal static async Task<(int ExitCode, string Stderr)> RunAppAsync(string app, params string[] args)
    {
        var dataPath = Directory.CreateTempSubdirectory("cp-config-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = dataPath,
        };
        start.ArgumentList.Add(RepoPaths.AppDll(app));
        start.ArgumentList.Add("--urls=http://127.0.0.1:0");
        start.ArgumentList.Add("--environment=Production");
        start.ArgumentList.Add($"--Storage:DataPath={dataPath}");
        // A valid key, so each case fails on its own setting; a case that names AccessLog:ChainKey overrides it (last wins).
        start.ArgumentList.Add($"--AccessLog:ChainKey={AppFactory<ContentPlatform.Delivery.DeliveryApp>.TestAccessLogKey}");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{app} {string.Join(' ', args)} kept running; it should have refused to start.");
        }
        Directory.Delete(dataPath, recursive: true);
        return (process.ExitCode, await stderr);
    }
}
