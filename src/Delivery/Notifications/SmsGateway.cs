using System.Net;
using System.Net.Http.Json;
using ContentPlatform.Platform.Hosting;
using Microsoft.Extensions.Options;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>
/// Section "Sms:Gateway": an SMS gateway's HTTP API. Off when <see cref="Url"/> is empty. Each SMS is one JSON POST
/// <c>{"from": Sender, "to": "+47…", "text": …}</c> with the key in the <c>X-Api-Key</c> header (README: pointing it at a
/// Norwegian gateway).
/// </summary>
public sealed class SmsGatewayOptions
{
    public const string Section = "Sms:Gateway";

    public string Url { get; set; } = "";
    public string ApiKey { get; set; } = "";

    /// <summary>What the phone shows as sender: up to 11 letters/digits (an alphanumeric sender id) or a phone number.</summary>
    public string Sender { get; set; } = "";

    public bool Enabled => Url.Length > 0;

    internal static SettingProblem? Check(SmsGatewayOptions o, Microsoft.Extensions.Hosting.IHostEnvironment _)
    {
        if (!o.Enabled)
        {
            return null;
        }
        if (!Uri.TryCreate(o.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return new($"{Section}:Url", $"'{o.Url}' must be an absolute http(s) URL.");
        }
        // The key and the phone numbers travel in the request: plain HTTP only to this machine (a local relay or a test).
        if (uri.Scheme == "http" && !uri.IsLoopback)
        {
            return new($"{Section}:Url", $"'{o.Url}' must use https (http is allowed only on loopback).");
        }
        if (o.ApiKey.Length < 16)
        {
            return new($"{Section}:ApiKey", "is required with Sms:Gateway:Url (at least 16 characters).");
        }
        if (!System.Text.RegularExpressions.Regex.IsMatch(o.Sender, @"^([A-Za-z0-9]{1,11}|\+?[0-9]{3,15})$"))
        {
            return new($"{Section}:Sender", $"must be 1–11 letters or digits, or a phone number, got '{o.Sender}'.");
        }
        return null;
    }
}

/// <summary>How one send went: sent, or failed for now (retry), or refused for good (the gateway rejected the request).</summary>
public sealed record SmsResult(bool Sent, bool Permanent, string? Error)
{
    public static readonly SmsResult Ok = new(true, false, null);
}

/// <summary>Sends one SMS through the configured gateway. Logs and errors name a status, never a number or a text.</summary>
public sealed class SmsGateway(HttpClient http, IOptions<SmsGatewayOptions> options)
{
    private readonly SmsGatewayOptions _options = options.Value;

    public bool Enabled => _options.Enabled;

    public async Task<SmsResult> SendAsync(string to, string text, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.Url)
        {
            Content = JsonContent.Create(new { from = _options.Sender, to, text }),
        };
        request.Headers.Add("X-Api-Key", _options.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                return SmsResult.Ok;
            }
            var status = (int)response.StatusCode;
            var permanent = status is >= 400 and < 500 && response.StatusCode is not (HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests);
            return new(false, permanent, $"HTTP {status}");
        }
        catch (HttpRequestException e)
        {
            return new(false, false, e.HttpRequestError.ToString());
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return new(false, false, "Timeout");
        }
    }
}
