using System.Security.Claims;
using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Data;
using ContentPlatform.Delivery.Identity;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Delivery.Themes;

/// <summary>
/// Which organisation's theme a page wears: the program's organisation for a page about one enrollment or program
/// (route value enrollmentId, programId or a course's slug, or a program a page names with <see cref="UseProgram"/>); otherwise, for a
/// signed-in patient, their latest enrollment's, and for staff, the organisation of the patients they most recently got
/// in their care (Delivery has no clinic on a staff account: their care teams are where they work); otherwise the default.
/// One small indexed query at most, once per request.
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
        if (http.User.FindFirstValue(ClaimTypes.NameIdentifier) is not { } userId)
        {
            return null;
        }
        // Sorted here, not in SQL: SQLite cannot order by DateTimeOffset, and one person has few rows (a caseload at most).
        var rows = DeliveryRoles.All.Any(r => r != DeliveryRoles.Patient && http.User.IsInRole(r))
            ? await db.CareTeamMembers.AsNoTracking().Where(m => m.StaffUserId == userId)
                .Join(db.Enrollments, m => m.EnrollmentId, e => e.Id, (m, e) => new { At = m.AddedAt, e.ProgramId }).ToListAsync(ct)
            : await db.Enrollments.AsNoTracking().Where(e => e.PatientId == userId)
                .Select(e => new { At = e.CreatedAt, e.ProgramId }).ToListAsync(ct);
        return rows.MaxBy(r => r.At)?.ProgramId;
    }
}
