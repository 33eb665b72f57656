using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Notifications;

/// <summary>One SMS as the gateway received it: the JSON body's fields and the key header.</summary>
public sealed record ReceivedSms(string From, string To, string Text, string? ApiKey);

/// <summary>
/// A stand-in SMS gateway on a free loopback port (HttpListener): records every POST and answers with the next scripted
/// status (200 when the script is empty). No vendor can be reached from here; this speaks the adapter's own protocol.
/// </summary>
public sealed class SmsReceiver : IAsyncDisposable
{
    public const string ApiKey = "test-sms-gateway-key-0123456789";
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<HttpStatusCode> _script = new();
    private readonly ConcurrentQueue<ReceivedSms> _received = new();
    private readonly Task _loop;

    public SmsReceiver()
    {
        Port = Apps.FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public int Port { get; }

    /// <summary>Every attempt, including those answered with an error status.</summary>
    public IReadOnlyList<ReceivedSms> Attempts => _received.ToArray();

    /// <summary>Attempts answered 2xx: what a phone would have received.</summary>
    public ConcurrentQueue<ReceivedSms> Delivered { get; } = new();

    public Dictionary<string, string?> Settings() => new()
    {
        ["Sms:Gateway:Url"] = $"http://127.0.0.1:{Port}/sms",
        ["Sms:Gateway:ApiKey"] = ApiKey,
        ["Sms:Gateway:Sender"] = "Behandling",
    };

    /// <summary>The next requests are answered with these statuses, in order.</summary>
    public void Answer(params HttpStatusCode[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var body = await JsonDocument.ParseAsync(context.Request.InputStream);
            var sms = new ReceivedSms(body.RootElement.GetProperty("from").GetString()!, body.RootElement.GetProperty("to").GetString()!,
                body.RootElement.GetProperty("text").GetString()!, context.Request.Headers["X-Api-Key"]);
            _received.Enqueue(sms);
            var status = _script.TryDequeue(out var scripted) ? scripted : HttpStatusCode.OK;
            if ((int)status < 300)
            {
                Delivered.Enqueue(sms);
            }
            context.Response.StatusCode = (int)status;
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
