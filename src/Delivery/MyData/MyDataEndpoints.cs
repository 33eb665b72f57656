using System.Text.Json;
using ContentPlatform.Delivery.Identity;
using ContentPlatform.Platform.Hosting;

namespace ContentPlatform.Delivery.MyData;

public static class MyDataEndpoints
{
    // Norwegian letters as letters, not \u escapes: the patient may open the file in a text editor. Served as a download
    // with a JSON content type, never inlined in HTML, so the relaxed set is safe here.
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
    };

    /// <summary>GET /my-data/download: the same data as the page, as a JSON file.</summary>
    public static IEndpointConventionBuilder MapMyDataDownload(this IEndpointRouteBuilder app) =>
        app.MapGet("/my-data/download", async (HttpContext http, PatientDataExport export, CancellationToken ct) =>
        {
            if (await export.CollectAsync(http.User, ct) is not { } data)
            {
                return Results.Challenge();
            }
            http.Response.Headers.CacheControl = "no-store";
            return Results.File(JsonSerializer.SerializeToUtf8Bytes(data, Json), "application/json; charset=utf-8",
                $"mine-data-{data.ExportedAt:yyyy-MM-dd}.json");
        }).RequireAuthorization(DeliveryRoles.Patient);
}

public static class MyDataSetup
{
    public static WebApplicationBuilder AddMyData(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<PatientDataExport>(); // the access log it reads has its own AddAccessLog()
        return builder;
    }
}
