using ContentPlatform.Delivery.Identity;
using Microsoft.AspNetCore.Identity;

namespace ContentPlatform.Delivery.Fhir;

/// <summary>
/// <c>fhir-key create STAFF-EMAIL "NAME"</c> prints a new key once (only its hash is stored);
/// <c>fhir-key revoke KEY-ID</c> stops it at once. Run by the clinic's operations staff on the server.
/// </summary>
public static class FhirKeyCommand
{
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        using var scope = app.Services.CreateScope();
        var keys = scope.ServiceProvider.GetRequiredService<FhirKeys>();
        switch (args)
        {
            case [_, "create", var email, var name] when name.Trim().Length is > 0 and <= 100:
                var users = scope.ServiceProvider.GetRequiredService<UserManager<DeliveryUser>>();
                // Only a therapist can be in a care team, so only a therapist's key can ever reach a patient.
                if (await users.FindByEmailAsync(email) is not { } staff || !await users.IsInRoleAsync(staff, DeliveryRoles.Therapist))
                {
                    await Console.Error.WriteLineAsync($"No therapist with the e-mail address '{email}'.");
                    return 2;
                }
                var (key, secret) = await keys.CreateAsync(staff.Id, name.Trim(), "fhir-key command", CancellationToken.None);
                Console.WriteLine($"Key {key.Id} for {email} ({key.Name}). Give it to the integration now; it is not shown again:");
                Console.WriteLine(secret);
                return 0;
            case [_, "revoke", var id] when Guid.TryParse(id, out var keyId):
                if (await keys.RevokeAsync(keyId, CancellationToken.None))
                {
                    Console.WriteLine($"Key {keyId} revoked.");
                    return 0;
                }
                await Console.Error.WriteLineAsync($"No live key {keyId}.");
                return 2;
            default:
                await Console.Error.WriteLineAsync("Usage: fhir-key create STAFF-EMAIL \"NAME (1-100 characters)\" | fhir-key revoke KEY-ID");
                return 2;
        }
    }
}
