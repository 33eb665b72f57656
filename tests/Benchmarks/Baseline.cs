namespace ContentPlatform.Benchmarks;

/// <summary>The fastest honest way to serve the same bytes: Kestrel, one route, bytes from memory, same content type.</summary>
public static class Baseline
{
    public static async Task<int> RunAsync(string file, int port, string contentType = "application/json; charset=utf-8")
    {
        var body = await File.ReadAllBytesAsync(file);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var etag = $"\"baseline-{body.Length}\"";
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            http.Response.Headers.ETag = etag;
            return http.Request.Headers.IfNoneMatch.Count > 0
                ? Results.StatusCode(StatusCodes.Status304NotModified)
                : Results.Bytes(body, contentType);
        });
        await app.RunAsync();
        return 0;
    }
}
