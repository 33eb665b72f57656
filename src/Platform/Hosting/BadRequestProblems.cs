using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Platform.Hosting;

/// <summary>
/// One answer for every request whose body or parameters cannot be bound, on every minimal-API endpoint of both apps:
/// 400 ProblemDetails with a localized detail naming the field (its JSON path) — never a 500 or an empty 400.
/// Minimal APIs throw <see cref="BadHttpRequestException"/> for these because <see cref="RouteHandlerOptions.ThrowOnBadRequest"/>
/// is on (<see cref="AddBadRequestProblems"/>), with the serializer's <see cref="JsonException"/> (and its path) inside;
/// System.Text.Json reports invalid UTF-8 the same way.
/// </summary>
public sealed class BadRequestProblems(IProblemDetailsService problems, IStringLocalizer<SharedResource> strings)
    : IExceptionHandler
{
    public static void AddBadRequestProblems(IServiceCollection services)
    {
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddExceptionHandler<BadRequestProblems>();
    }

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var (status, field) = Classify(exception);
        if (status is null)
        {
            return false;
        }
        // The exception handler runs outside the localization middleware, so the request's language is set again here.
        var culture = httpContext.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture ?? PlatformDefaults.Cultures[0];
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture;
        string detail;
        try
        {
            detail = Detail(status.Value, field);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
        httpContext.Response.StatusCode = status.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = status,
                Title = "The request could not be read",
                Detail = detail,
                Extensions = { ["code"] = "bad-request", ["field"] = field },
            },
        });
    }

    private string Detail(int status, string? field)
    {
        return status switch
        {
            StatusCodes.Status415UnsupportedMediaType => strings["RequestNotJson"].Value,
            StatusCodes.Status413PayloadTooLarge => strings["RequestTooLarge"].Value,
            _ when field is { Length: > 0 } => strings["RequestFieldInvalid", field].Value,
            _ => strings["RequestBodyInvalid"].Value,
        };
    }

    /// <summary>
    /// The status to answer with and the field at fault, or no status when the exception is not about the request. Only
    /// binding failures: a JsonException from our own code (reading stored JSON) is a bug and stays a 500.
    /// </summary>
    internal static (int? Status, string? Field) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException bad => (bad.StatusCode, FieldOf(bad)),
        _ => (null, null),
    };

    private static string? FieldOf(BadHttpRequestException bad)
    {
        for (Exception? e = bad.InnerException; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return FieldOf(json.Path) ?? "$";
            }
        }
        // "Failed to bind parameter \"long? after\" from \"x\"." and "Required parameter \"X body\" was not provided…" name it in quotes.
        var message = bad.Message;
        var start = message.IndexOf('"', StringComparison.Ordinal);
        var end = start < 0 ? -1 : message.IndexOf('"', start + 1);
        return end > start ? message[(start + 1)..end].Split(' ')[^1] : null;
    }

    /// <summary>"$.fields['a']" → "fields['a']"; the whole document ("$") stays "$".</summary>
    private static string? FieldOf(string? path) =>
        path is null ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
}
