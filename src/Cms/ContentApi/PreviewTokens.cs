using Microsoft.AspNetCore.DataProtection;

namespace ContentPlatform.Cms.ContentApi;

/// <summary>Short-lived signed preview tokens for one program's draft (Data Protection, time-limited).</summary>
public sealed class PreviewTokens(IDataProtectionProvider provider, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);
    private readonly ITimeLimitedDataProtector _protector = provider.CreateProtector("ContentPlatform.Cms.Preview").ToTimeLimitedDataProtector();

    public string Issue(string programId) => _protector.Protect($"preview:{programId}", clock.GetUtcNow() + Lifetime);

    public bool IsValid(string token, string programId)
    {
        try
        {
            return _protector.Unprotect(token, out var expires) == $"preview:{programId}" && expires > clock.GetUtcNow();
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return false;
        }
    }
}
