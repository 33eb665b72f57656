using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContentPlatform.Delivery.Realtime;

/// <summary>Section "Realtime": how live events and instance signals cross Delivery instances.</summary>
public sealed class RealtimeOptions
{
    public const string Section = "Realtime";

    /// <summary>
    /// A StackExchange.Redis configuration string (e.g. <c>redis:6379,password=…</c>). Empty: one instance, everything
    /// in-process (the embedded default). Set on every instance of a scaled-out Delivery.
    /// </summary>
    public string? Redis { get; set; }
}

internal sealed class RealtimeOptionsValidator : IValidateOptions<RealtimeOptions>
{
    public ValidateOptionsResult Validate(string? name, RealtimeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Redis))
        {
            return ValidateOptionsResult.Success;
        }
        try
        {
            var parsed = ConfigurationOptions.Parse(options.Redis);
            return parsed.EndPoints.Count > 0
                ? ValidateOptionsResult.Success
                : ValidateOptionsResult.Fail("Realtime:Redis names no server (expected e.g. 'redis:6379').");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or FormatException)
        {
            // The parser's message names the bad option, never a password's value.
            return ValidateOptionsResult.Fail($"Realtime:Redis is not a StackExchange.Redis configuration string: {e.Message}");
        }
    }
}
