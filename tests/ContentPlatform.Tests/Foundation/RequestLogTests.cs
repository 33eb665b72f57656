using ContentPlatform.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Tests.Foundation;

/// <summary>The request log: what operations need at Information, the everyday fast reads only at Debug.</summary>
public sealed class RequestLogTests
{
    [Theory]
    [InlineData("GET", 200, LogLevel.Debug)]
    [InlineData("HEAD", 304, LogLevel.Debug)]
    [InlineData("GET", 404, LogLevel.Information)]
    [InlineData("GET", 500, LogLevel.Information)]
    [InlineData("POST", 200, LogLevel.Information)]
    [InlineData("DELETE", 204, LogLevel.Information)]
    public async Task Fast_successful_reads_are_debug_and_writes_and_failures_information(string method, int status, LogLevel expected)
    {
        var log = await RunAsync(method, "/my/page", "?code=secret-token", _ => status);

        var entry = Assert.Single(log);
        Assert.Equal(expected, entry.Level);
        Assert.StartsWith($"{method} /my/page answered {status} in ", entry.Message);
        Assert.DoesNotContain("secret-token", entry.Message); // query strings can carry tokens
    }

    [Fact]
    public async Task An_exception_nothing_handled_is_logged_as_a_500_and_still_thrown()
    {
        var log = new List<(LogLevel Level, string Message)>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync("GET", "/boom", "", _ => throw new InvalidOperationException(), log));

        var entry = Assert.Single(log);
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.StartsWith("GET /boom answered 500", entry.Message);
    }

    [Fact]
    public async Task Nothing_is_written_for_a_fast_read_when_debug_is_off()
    {
        var log = await RunAsync("GET", "/my/page", "", _ => 200, minimum: LogLevel.Information);
        Assert.Empty(log);
    }

    private static async Task<List<(LogLevel Level, string Message)>> RunAsync(string method, string path, string query,
        Func<HttpContext, int> answer, List<(LogLevel Level, string Message)>? log = null, LogLevel minimum = LogLevel.Trace)
    {
        log ??= [];
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(minimum).AddProvider(new ListLoggerProvider(log)))
            .BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseRequestLog();
        app.Run(c =>
        {
            c.Response.StatusCode = answer(c);
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Request.QueryString = new QueryString(query);
        await app.Build()(context);
        return log;
    }

    private sealed class ListLoggerProvider(List<(LogLevel Level, string Message)> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new ListLogger(categoryName == RequestLog.Category ? log : null);

        public void Dispose()
        {
        }

        private sealed class ListLogger(List<(LogLevel Level, string Message)>? log) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                log?.Add((logLevel, formatter(state, exception)));
        }
    }
}
