using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Mail;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace ContentPlatform.Tests.Infrastructure;

/// <summary>A mail the catcher received, parsed with MimeKit.</summary>
public sealed record CaughtMail(string To, string Subject, string TextBody, string? HtmlBody, MimeMessage Message)
{
    /// <summary>The first absolute link in the text body that contains <paramref name="fragment"/>.</summary>
    public string Link(string fragment) =>
        System.Text.RegularExpressions.Regex.Matches(TextBody, @"https?://\S+").Select(m => m.Value.TrimEnd('.', ')', ','))
            .FirstOrDefault(l => l.Contains(fragment, StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"No link containing '{fragment}' in the mail: {TextBody}");
}

/// <summary>
/// A real SMTP server (the SmtpServer package) in the test process on a free loopback port: the apps send to it over TCP
/// with MailKit exactly as they would to a trust's mail server. It can be stopped and started again on the same port
/// (an SMTP outage) and told to refuse a recipient with 550 (a permanent failure).
/// </summary>
public sealed class SmtpCatcher : IAsyncDisposable
{
    private readonly ConcurrentQueue<CaughtMail> _mails = new();
    private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.OrdinalIgnoreCase);
    private readonly object _gate = new();
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private CancellationTokenSource? _running;
    private Task? _server;

    public SmtpCatcher(int port = 0) => Port = port == 0 ? Apps.FreePort() : port;

    public int Port { get; }

    /// <summary>Settings that point an app's outbox at this server (fast polling and retries for tests).</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Mail:Smtp:Host"] = "127.0.0.1",
        ["Mail:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Mail:Smtp:Security"] = "None",
        ["Mail:From:Address"] = "noreply@test.example.no",
        ["Mail:From:Name"] = "ContentPlatform test",
        ["Mail:PollInterval"] = "00:00:00.050",
        ["Mail:FirstRetryDelay"] = "00:00:00.100",
    };

    public IReadOnlyList<CaughtMail> Mails => _mails.ToArray();

    public IReadOnlyList<CaughtMail> MailsTo(string to) => _mails.Where(m => m.To.Equals(to, StringComparison.OrdinalIgnoreCase)).ToArray();

    /// <summary>From now on, RCPT TO this address gets 550 (mailbox unavailable).</summary>
    public void Refuse(string address) => _refused[address] = true;

    public async Task StartAsync()
    {
        var options = new SmtpServerOptionsBuilder().ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(new Store(this));
        services.Add(new Filter(this));
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var listeners = new SmtpServer.Net.EndpointListenerFactory();
        listeners.EndpointStarted += (_, _) => started.TrySetResult();
        services.Add(listeners);
        var server = new SmtpServer.SmtpServer(options, services);
        _running = new CancellationTokenSource();
        _server = server.StartAsync(_running.Token);
        // Connections are accepted once the listener reports it is bound (no sleeps: wait on its own signal).
        await Task.WhenAny(started.Task, _server);
        if (_server.IsFaulted)
        {
            await _server; // a bind failure (port taken) surfaces here
        }
    }

    /// <summary>Stops listening: connections are refused until <see cref="StartAsync"/> again.</summary>
    public async Task StopAsync()
    {
        if (_running is null || _server is null)
        {
            return;
        }
        await _running.CancelAsync();
        await _server.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _running.Dispose();
        _running = null;
        _server = null;
    }

    /// <summary>Waits until a mail to <paramref name="to"/> has arrived (returns the first one) or fails after the timeout.</summary>
    public async Task<CaughtMail> WaitForMailAsync(string to, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                arrived = _arrived.Task;
            }
            if (MailsTo(to) is [var first, ..])
            {
                return first;
            }
            try
            {
                await arrived.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No mail to {to} within {timeout}; caught: {string.Join(", ", _mails.Select(m => m.To))}");
            }
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private void Add(CaughtMail mail)
    {
        _mails.Enqueue(mail);
        lock (_gate)
        {
            var done = _arrived;
            _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
            done.SetResult();
        }
    }

    private sealed class Store(SmtpCatcher catcher) : MessageStore
    {
        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction,
            ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            var message = await MimeMessage.LoadAsync(stream, cancellationToken);
            foreach (var to in transaction.To)
            {
                catcher.Add(new CaughtMail($"{to.User}@{to.Host}", message.Subject ?? "", message.TextBody ?? "", message.HtmlBody, message));
            }
            return SmtpResponse.Ok;
        }
    }

    private sealed class Filter(SmtpCatcher catcher) : IMailboxFilter
    {
        public Task<bool> CanAcceptFromAsync(ISessionContext context, IMailbox from, int size, CancellationToken cancellationToken) =>
            Task.FromResult(true);

        public Task<bool> CanDeliverToAsync(ISessionContext context, IMailbox to, IMailbox from, CancellationToken cancellationToken) =>
            Task.FromResult(!catcher._refused.ContainsKey($"{to.User}@{to.Host}"));
    }
}
