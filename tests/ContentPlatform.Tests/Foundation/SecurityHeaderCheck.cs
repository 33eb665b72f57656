using AngleSharp.Dom;

namespace ContentPlatform.Tests.Foundation;

/// <summary>
/// What every answer of both apps must carry (docs/security.md), and what no page may contain under that policy: inline
/// script and event-handler attributes. Used by the header tests and by the page walk (every page it visits).
/// </summary>
public static class SecurityHeaderCheck
{
    public static IEnumerable<string> Problems(HttpResponseMessage response, string url)
    {
        var csp = Header(response, "Content-Security-Policy");
        if (csp is null)
        {
            yield return $"{url}: no Content-Security-Policy";
        }
        else
        {
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d);
            foreach (var required in new[] { "script-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'" })
            {
                if (!directives.TryGetValue(required.Split(' ')[0], out var actual) || actual != required)
                {
                    yield return $"{url}: Content-Security-Policy lacks \"{required}\" (was \"{csp}\")";
                }
            }
        }
        if (Header(response, "X-Content-Type-Options") != "nosniff")
        {
            yield return $"{url}: no X-Content-Type-Options: nosniff";
        }
        if (Header(response, "Referrer-Policy") is not ("same-origin" or "no-referrer" or "strict-origin-when-cross-origin"))
        {
            yield return $"{url}: no Referrer-Policy";
        }
        if (Header(response, "Permissions-Policy") is not { } permissions || !permissions.Contains("camera=()", StringComparison.Ordinal))
        {
            yield return $"{url}: no Permissions-Policy";
        }
    }

    /// <summary>Script a strict policy would block: a script element without src (JSON data blocks are not script) or an on… attribute.</summary>
    public static IEnumerable<string> InlineScript(IDocument document, string url)
    {
        foreach (var script in document.QuerySelectorAll("script:not([src])"))
        {
            if (script.GetAttribute("type") is not ("application/json" or "application/ld+json"))
            {
                yield return $"{url}: inline <script> (move it into a file)";
            }
        }
        foreach (var element in document.All)
        {
            foreach (var attribute in element.Attributes.Where(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)))
            {
                yield return $"{url}: inline event handler {attribute.Name}= on <{element.LocalName}>";
            }
            if (element.GetAttribute("href") is { } href && href.TrimStart().StartsWith("javascript:", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{url}: javascript: link";
            }
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;
}
