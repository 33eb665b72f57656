using System.Security.Claims;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Themes;

/// <summary>
/// Which organisation's theme a page wears: the program's organisation for a page about one enrollment or program
/// (route value enrollmentId, programId or a course's slug, or a program a page names with <see cref="UseProgram"/>); otherwise, for
/// staff, their own organisation (<see cref="DeliveryUser.Organisation"/>), and for a signed-in patient, their latest
/// enrollment's; otherwise the default. One small indexed query at most, once per request.
/// </summary>
public sealed class ThemeResolver(ThemeCatalog catalog, DeliveryDbContext db, ReleaseStore releases)
{
    private const string ProgramKey = "theme-program";
    private const string ThemeKey = "theme";

    /// <summary>Lets a page whose route names no enrollment (the invitation) say which program it is about.</summary>
    public static void UseProgram(HttpContext http, string programId) => http.Items[ProgramKey] = programId;

    public async Task<SiteTheme> ForRequestAsync(HttpContext http)
    {
        if (http.Items[ThemeKey] is SiteTheme known)
        {
            return known;
        }
        var theme = catalog.Default;
        if (await ProgramOfAsync(http) is { } programId && await releases.LatestAsync(programId, http.RequestAborted) is { } release)
        {
            theme = catalog.For(release.Content.Organisation);
        }
        else if (DeliveryIdentity.IsStaff(http.User) && http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } staffId)
        {
            theme = catalog.For(await db.Users.AsNoTracking().Where(u => u.Id == staffId).Select(u => u.Organisation).FirstOrDefaultAsync(http.RequestAborted));
        }
        http.Items[ThemeKey] = theme;
        return theme;
    }

    private async Task<string?> ProgramOfAsync(HttpContext http)
    {
        var ct = http.RequestAborted;
        if (http.Items[ProgramKey] is string named)
        {
            return named;
        }
        if (http.GetRouteValue("programId") is string programId)
        {
            return programId;
        }
        if (http.GetRouteValue("slug") is string slug && await releases.ProgramBySlugAsync(slug, ct) is { } course)
        {
            return course.ProgramId;
        }
        if (http.GetRouteValue("enrollmentId") is string value && Guid.TryParse(value, out var enrollmentId))
        {
            return await db.Enrollments.AsNoTracking().Where(e => e.Id == enrollmentId).Select(e => e.ProgramId).FirstOrDefaultAsync(ct);
        }
        if (DeliveryIdentity.IsStaff(http.User) || http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }
        // Sorted here, not in SQL: SQLite cannot order by DateTimeOffset, and one patient has few enrollments.
        var rows = await db.Enrollments.AsNoTracking().Where(e => e.PatientId == userId).Select(e => new { e.CreatedAt, e.ProgramId }).ToListAsync(ct);
        return rows.MaxBy(r => r.CreatedAt)?.ProgramId;
    }
}
