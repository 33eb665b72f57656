using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>
/// A WebAuthn authenticator in code (ES256 key, "none" attestation), so integration tests can run the whole passkey
/// ceremony over HTTP without a browser: it answers the server's options JSON with the credential JSON a browser would
/// send (WebAuthn Level 3 toJSON form). User verification is reported as done unless <see cref="UserVerified"/> is false.
/// The browser journeys use Chromium's own virtual authenticator instead.
/// </summary>
public sealed class SoftwareAuthenticator(string origin = "http://localhost") : IDisposable
{
    private static readonly string[] Transports = ["internal"];
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private string? _userHandle;
    private uint _signCount;

    public byte[] CredentialId { get; init; } = RandomNumberGenerator.GetBytes(16);
    public bool UserVerified { get; set; } = true;

    /// <summary>The registration response to navigator.credentials.create() with these creation options.</summary>
    public string Create(string creationOptionsJson)
    {
        var options = JsonNode.Parse(creationOptionsJson)!;
        var rpId = options["rp"]?["id"]?.GetValue<string>() ?? new Uri(origin).Host;
        _userHandle = options["user"]!["id"]!.GetValue<string>();
        var clientData = ClientData("webauthn.create", options["challenge"]!.GetValue<string>());
        var point = _key.ExportParameters(false).Q;
        var coseKey = Cbor.Map(
            (Cbor.Int(1), Cbor.Int(2)), // kty: EC2
            (Cbor.Int(3), Cbor.Int(-7)), // alg: ES256
            (Cbor.Int(-1), Cbor.Int(1)), // crv: P-256
            (Cbor.Int(-2), Cbor.Bytes(point.X!)),
            (Cbor.Int(-3), Cbor.Bytes(point.Y!)));
        var attested = new List<byte>();
        attested.AddRange(new byte[16]); // AAGUID: none
        attested.Add((byte)(CredentialId.Length >> 8));
        attested.Add((byte)CredentialId.Length);
        attested.AddRange(CredentialId);
        attested.AddRange(coseKey);
        var authData = AuthenticatorData(rpId, attestedCredential: [.. attested]);
        var attestationObject = Cbor.Map(
            (Cbor.Text("fmt"), Cbor.Text("none")),
            (Cbor.Text("attStmt"), Cbor.Map()),
            (Cbor.Text("authData"), Cbor.Bytes(authData)));
        return JsonSerializer.Serialize(new
        {
            id = Base64Url(CredentialId),
            rawId = Base64Url(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url(clientData),
                attestationObject = Base64Url(attestationObject),
                transports = Transports,
            },
        });
    }

    /// <summary>The authentication response to navigator.credentials.get() with these request options.</summary>
    public string Get(string requestOptionsJson)
    {
        var options = JsonNode.Parse(requestOptionsJson)!;
        var rpId = options["rpId"]?.GetValue<string>() ?? new Uri(origin).Host;
        var clientData = ClientData("webauthn.get", options["challenge"]!.GetValue<string>());
        var authData = AuthenticatorData(rpId, attestedCredential: null);
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256,
            DSASignatureFormat.Rfc3279DerSequence);
        return JsonSerializer.Serialize(new
        {
            id = Base64Url(CredentialId),
            rawId = Base64Url(CredentialId),
            type = "public-key",
            authenticatorAttachment = "platform",
            clientExtensionResults = new { },
            response = new
            {
                clientDataJSON = Base64Url(clientData),
                authenticatorData = Base64Url(authData),
                signature = Base64Url(signature),
                userHandle = _userHandle,
            },
        });
    }

    private byte[] ClientData(string type, string challenge) =>
        Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type, challenge, origin, crossOrigin = false }));

    private byte[] AuthenticatorData(string rpId, byte[]? attestedCredential)
    {
        // Flags: UP (user present), UV (user verified), AT (attested credential data follows).
        var flags = (byte)(0x01 | (UserVerified ? 0x04 : 0) | (attestedCredential is null ? 0 : 0x40));
        _signCount++;
        byte[] counter = [(byte)(_signCount >> 24), (byte)(_signCount >> 16), (byte)(_signCount >> 8), (byte)_signCount];
        return [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. counter, .. attestedCredential ?? []];
    }

    public static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public void Dispose() => _key.Dispose();

    /// <summary>Just enough CBOR (RFC 8949) for an attestation object and a COSE key.</summary>
    private static class Cbor
    {
        public static byte[] Int(int value) => value >= 0 ? Head(0, (ulong)value) : Head(1, (ulong)(-1 - value));
        public static byte[] Bytes(byte[] value) => [.. Head(2, (ulong)value.Length), .. value];
        public static byte[] Text(string value) => Encoding.UTF8.GetBytes(value) is var b ? [.. Head(3, (ulong)b.Length), .. b] : [];

        public static byte[] Map(params (byte[] Key, byte[] Value)[] entries) =>
            [.. Head(5, (ulong)entries.Length), .. entries.SelectMany(e => e.Key.Concat(e.Value))];

        private static byte[] Head(int major, ulong value) => value switch
        {
            < 24 => [(byte)((major << 5) | (int)value)],
            < 256 => [(byte)((major << 5) | 24), (byte)value],
            < 65536 => [(byte)((major << 5) | 25), (byte)(value >> 8), (byte)value],
            _ => [(byte)((major << 5) | 26), (byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value],
        };
    }
}
