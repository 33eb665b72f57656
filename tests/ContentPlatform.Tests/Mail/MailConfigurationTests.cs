using ContentPlatform.Tests.Foundation;

namespace ContentPlatform.Tests.Mail;

/// <summary>A broken Mail section stops the real app at start-up (exit code 2) with one line naming the setting.</summary>
public sealed class MailConfigurationTests
{
    [Theory]
    [InlineData("Delivery", "Mail:Smtp:Port", "--Mail:Smtp:Host=smtp.example.no", "--Mail:From:Address=noreply@example.no", "--Mail:Smtp:Port=70000")]
    [InlineData("Cms", "Mail:Smtp:Security", "--Mail:Smtp:Host=smtp.example.no", "--Mail:From:Address=noreply@example.no", "--Mail:Smtp:Security=Tls")]
    [InlineData("Delivery", "Mail:Smtp:Security", "--Mail:Smtp:Host=smtp.example.no", "--Mail:From:Address=noreply@example.no", "--Mail:Smtp:Security=Auto")]
    [InlineData("Cms", "Mail:From:Address", "--Mail:Smtp:Host=smtp.example.no")]
    [InlineData("Delivery", "Mail:Smtp:Host", "--Mail:Enabled=true")]
    [InlineData("Delivery", "Mail:Smtp:Password", "--Mail:Smtp:Host=smtp.example.no", "--Mail:From:Address=noreply@example.no", "--Mail:Smtp:UserName=sender")]
    [InlineData("Cms", "Mail:Smtp:Security", "--Mail:Smtp:Host=smtp.example.no", "--Mail:From:Address=noreply@example.no", "--Mail:Smtp:UserName=sender", "--Mail:Smtp:Password=secret", "--Mail:Smtp:Security=None")]
    public async Task App_refuses_to_start_with_a_broken_mail_setting_and_names_it(string app, string named, params string[] settings)
    {
        var (exitCode, stderr) = await StartupConfigurationTests.RunAppAsync(app, settings);
        Assert.Equal(2, exitCode);
        Assert.Contains(named, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }
}
