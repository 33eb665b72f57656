using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// A span per EF Core database command, for both providers alike (no EF Core instrumentation package restores here at a
/// stable version). The span carries the provider and the statement's text as EF Core wrote it — values travel as
/// parameters, which are never recorded, and a quoted literal in the text is blanked as well. Only commands run inside
/// a traced operation (a request, a hub call, a job) get a span: the pollers' background queries would otherwise each
/// be a trace of their own every second.
/// </summary>
public sealed partial class DatabaseTelemetry : DbCommandInterceptor
{
    public const string SourceName = "ContentPlatform.Database";

    public static readonly DatabaseTelemetry Instance = new();

    private static readonly ActivitySource Source = new(SourceName);

    private readonly ConcurrentDictionary<Guid, Activity> _running = new();

    private DatabaseTelemetry()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Start(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Start(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Stop(eventData.CommandId, null);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result,
        CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return ValueTask.FromResult(result);
    }

    public override void CommandFailed(DbCommand command, CommandErrorEventData eventData) => Stop(eventData.CommandId, eventData.Exception);

    public override Task CommandFailedAsync(DbCommand command, CommandErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, eventData.Exception);
        return Task.CompletedTask;
    }

    public override void CommandCanceled(DbCommand command, CommandEndEventData eventData) => Stop(eventData.CommandId, null);

    public override Task CommandCanceledAsync(DbCommand command, CommandEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Stop(eventData.CommandId, null);
        return Task.CompletedTask;
    }

    private void Start(DbCommand command, CommandEventData eventData)
    {
        if (Activity.Current is null || !Source.HasListeners())
        {
            return;
        }
        var operation = Operation(command.CommandText);
        var system = eventData.Context?.Database.ProviderName switch
        {
            { } p when p.Contains("Sqlite", StringComparison.Ordinal) => "sqlite",
            { } p when p.Contains("Npgsql", StringComparison.Ordinal) => "postgresql",
            _ => "other_sql",
        };
        var activity = Source.StartActivity(operation ?? system, ActivityKind.Client);
        if (activity is null)
        {
            return;
        }
        activity.SetTag("db.system.name", system);
        if (operation is not null)
        {
            activity.SetTag("db.operation.name", operation);
        }
        if (activity.IsAllDataRequested)
        {
            activity.SetTag("db.query.text", Sanitize(command.CommandText));
        }
        _running[eventData.CommandId] = activity;
    }

    private void Stop(Guid commandId, Exception? error)
    {
        if (!_running.TryRemove(commandId, out var activity))
        {
            return;
        }
        if (error is not null)
        {
            // The type only: a database's error message can quote the values of the row (e.g. a unique key's).
            activity.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
            activity.SetTag("error.type", error.GetType().FullName);
        }
        activity.Dispose();
    }

    /// <summary>The statement's first keyword (SELECT, INSERT, WITH …), skipping EF Core's leading comment lines.</summary>
    internal static string? Operation(string text)
    {
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            var trimmed = line.TrimStart();
            if (trimmed.IsEmpty || trimmed.StartsWith("--"))
            {
                continue;
            }
            var end = trimmed.IndexOfAny(' ', '\t', '(');
            var word = (end < 0 ? trimmed : trimmed[..end]).ToString().ToUpperInvariant();
            return word.Length is > 0 and <= 16 && word.All(char.IsAsciiLetter) ? word : null;
        }
        return null;
    }

    /// <summary>Quoted literals become '?'. EF Core parameterises values, so this only matters for text a developer inlined.</summary>
    internal static string Sanitize(string text) => QuotedLiteral().Replace(text, "'?'");

    [GeneratedRegex("'(?:[^']|'')*'", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedLiteral();
}
