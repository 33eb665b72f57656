using System.Text.RegularExpressions;

namespace ContentPlatform.Platform.ExternalLogin;

/// <summary>Why a national sign-in ended without a session; each has its own nb/nn text on the sign-in page.</summary>
public enum ExternalRefusal
{
    /// <summary>The protocol failed: bad token (issuer, audience, signature, alg none, expired), nonce or state.</summary>
    Failed,
    Cancelled,
    AcrTooLow,
    UnknownPatient,
    UnknownStaff,
    InvitationInvalid,
    CourseClosed,
    AlreadyLinked,
}

/// <summary>Carries our own refusal (acr too low) through the handler's failure path.</summary>
public sealed class ExternalRefusalException(ExternalRefusal refusal) : Exception($"External sign-in refused: {refusal}")
{
    public ExternalRefusal Refusal { get; } = refusal;
}

public static partial class ExternalRefusals
{
    private static readonly Dictionary<ExternalRefusal, (string Code, string StringKey)> Codes = new()
    {
        [ExternalRefusal.Failed] = ("failed", "ExternalFailed"),
        [ExternalRefusal.Cancelled] = ("cancelled", "ExternalCancelled"),
        [ExternalRefusal.AcrTooLow] = ("level", "ExternalLevelTooLow"),
        [ExternalRefusal.UnknownPatient] = ("unknown-patient", "ExternalUnknownPatient"),
        [ExternalRefusal.UnknownStaff] = ("unknown-staff", "ExternalUnknownStaff"),
        [ExternalRefusal.InvitationInvalid] = ("invitation", "ExternalInvitationInvalid"),
        [ExternalRefusal.CourseClosed] = ("course", "CourseClosed"),
        [ExternalRefusal.AlreadyLinked] = ("already-linked", "ExternalAlreadyLinked"),
    };

    /// <summary>The sign-in page with a short code for the message: no token, identity or exception text in the URL.</summary>
    public static string LoginUrl(ExternalRefusal refusal) => $"/account/login?external={Codes[refusal].Code}";

    /// <summary>A refused "Koble til HelseID" goes back to the security page, where the person still is signed in.</summary>
    public static string SecurityUrl(ExternalRefusal refusal) => $"/account/security?external={Codes[refusal].Code}";

    /// <summary>The string key for a code from the URL, or null for anything else (a hand-made URL shows no message).</summary>
    public static string? StringKey(string? code) =>
        Codes.Values.FirstOrDefault(c => c.Code == code) is { StringKey: { } key } ? key : null;

    /// <summary>
    /// What went wrong, for the log, without personal data: the exception type and IdentityModel's message number (its
    /// messages hide personal data by default, but the number says enough), or the handler's own short message.
    /// </summary>
    public static string Describe(Exception? failure) => failure switch
    {
        null => "unknown",
        ExternalRefusalException r => r.Refusal.ToString(),
        _ when IdxCode().Match(failure.Message) is { Success: true } m => $"{failure.GetType().Name} {m.Value}",
        _ when failure.GetType() == typeof(Exception) || failure is Microsoft.AspNetCore.Authentication.AuthenticationFailureException =>
            $"{failure.GetType().Name}: {failure.Message[..Math.Min(120, failure.Message.Length)]}",
        _ => failure.GetType().Name,
    };

    [GeneratedRegex(@"IDX\d{5}")]
    private static partial Regex IdxCode();
}
