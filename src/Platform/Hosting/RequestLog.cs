using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// The request log for operations: method, path, status and duration — never the query string (it can carry tokens) or
/// a body (health data). What is worth reading is logged at Information: every write (non-GET/HEAD), every response of
/// 400 or more, and every request slower than <see cref="SlowAfter"/> (at Warning). A fast, successful read — nearly all
/// traffic, and what a patient clicking through a module is — is logged at Debug, which costs one level check when off.
/// To see every request: <c>Logging__LogLevel__ContentPlatform.RequestLog=Debug</c>.
///
/// This replaced ASP.NET Core's HTTP logging middleware, which logs every request at one level (all or nothing) and wraps
/// the response body to catch the status code; request rates and latency percentiles for all requests come from the
/// built-in <c>http.server.request.duration</c> metric instead (docs/benchmarks.md, issue 6).
/// </summary>
public static partial class RequestLog
{
    public const string Category = "ContentPlatform.RequestLog";
    public static readonly TimeSpan SlowAfter = TimeSpan.FromSeconds(1);

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            catch
            {
                // Nothing inside handled it; Kestrel will answer 500 (the exception itself is logged there).
                Write(logger, context, StatusCodes.Status500InternalServerError, Stopwatch.GetElapsedTime(started));
                throw;
            }
            Write(logger, context, context.Response.StatusCode, Stopwatch.GetElapsedTime(started));
        });
    }

    private static void Write(ILogger logger, HttpContext context, int status, TimeSpan elapsed)
    {
        var request = context.Request;
        var level = elapsed >= SlowAfter ? LogLevel.Warning
            : status >= 400 || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)) ? LogLevel.Information
            : LogLevel.Debug;
        if (logger.IsEnabled(level))
        {
            Finished(logger, level, request.Method, request.PathBase + request.Path, status, elapsed.TotalMilliseconds);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "RequestFinished",
        Message = "{Method} {Path} answered {StatusCode} in {ElapsedMs:F1} ms")]
    private static partial void Finished(ILogger logger, LogLevel level, string method, PathString path, int statusCode, double elapsedMs);
}
