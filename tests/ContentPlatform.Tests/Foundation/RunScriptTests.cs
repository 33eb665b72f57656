using System.Diagnostics;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Foundation;

/// <summary>`./run.sh` on other ports: every step (import, both apps, seeding) reaches the other app on the given URLs.</summary>
public sealed class RunScriptTests
{
    [Fact]
    public async Task Every_step_of_run_sh_uses_CMS_URL_and_DELIVERY_URL_and_none_the_default_ports()
    {
        var run = new ProcessStartInfo("bash", ["run.sh", "--dry-run"])
        {
            WorkingDirectory = RepoPaths.Root, RedirectStandardOutput = true, RedirectStandardError = true,
            Environment = { ["CMS_URL"] = "http://127.0.0.1:7101", ["DELIVERY_URL"] = "http://127.0.0.1:7100" },
        };
        using var process = Process.Start(run)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await process.StandardError.ReadToEndAsync());

        var steps = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l.Split(':')[0], l => l);
        Assert.Equal(["cms", "delivery", "import", "seed"], steps.Keys.Order());
        foreach (var step in new[] { "import", "cms" })
        {
            Assert.Contains("--Webhooks:Endpoints:0:Url=http://127.0.0.1:7100/api/webhooks/cms", steps[step], StringComparison.Ordinal);
            Assert.Contains("--Preview:DeliveryUrl=http://127.0.0.1:7100", steps[step], StringComparison.Ordinal);
        }
        foreach (var step in new[] { "delivery", "seed" })
        {
            Assert.Contains("--Cms:BaseUrl=http://127.0.0.1:7101", steps[step], StringComparison.Ordinal);
        }
        Assert.DoesNotContain(":500", output, StringComparison.Ordinal);
    }
}
