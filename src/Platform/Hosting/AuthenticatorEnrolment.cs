using System.Text;
using QRCoder;

namespace ContentPlatform.Platform.Hosting;

/// <summary>Authenticator-app enrolment: the otpauth URI (RFC 6238 defaults: SHA-1, 6 digits, 30 s) and its QR code.</summary>
public static class AuthenticatorEnrolment
{
    /// <summary>The issuer is the name the authenticator app shows beside the code, e.g. "ContentPlatform Cms".</summary>
    public static string Uri(string issuer, string email, string key) =>
        $"otpauth://totp/{System.Uri.EscapeDataString(issuer)}:{System.Uri.EscapeDataString(email)}?secret={key}&issuer={System.Uri.EscapeDataString(issuer)}&digits=6";

    /// <summary>A PNG data URI, so the page needs no extra request and works without JavaScript.</summary>
    public static string QrDataUri(string uri)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.Q);
        var png = new PngByteQRCode(data).GetGraphic(5);
        return "data:image/png;base64," + Convert.ToBase64String(png);
    }

    /// <summary>The key in groups of four, easier to type into an app by hand.</summary>
    public static string Readable(string key)
    {
        var result = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            result.Append(key.AsSpan(i, Math.Min(4, key.Length - i))).Append(' ');
        }
        return result.ToString().TrimEnd().ToLowerInvariant();
    }
}
