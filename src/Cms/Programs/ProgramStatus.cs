using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Programs;

/// <summary>
/// What a program's status line says: the review state while it is in review or approved; otherwise "Publisert
/// (utgivelse 2)" when the draft says what the latest release says, "Endret etter publisering" when the one program
/// comparison finds any difference, and "Utkast" before the first release.
/// </summary>
public static class ProgramStatus
{
    public static string Describe(IStringLocalizer s, WorkflowState state, int latestRelease, ProgramContent draft, ProgramContent? released)
    {
        if (state != WorkflowState.Draft)
        {
            return s["State_" + state];
        }
        if (latestRelease == 0 || released is null)
        {
            return s["State_Draft"];
        }
        return ProgramChanges.Differ(released, draft) ? s["Status_ChangedSincePublished"] : s["Status_Published", latestRelease];
    }

    /// <summary>The content of each program's latest release (of one program, or of all), by program id.</summary>
    public static async Task<Dictionary<string, ProgramContent>> LatestReleasesAsync(CmsDbContext db, string? programId = null,
        CancellationToken ct = default)
    {
        var query = from r in db.Releases.AsNoTracking()
                    join p in db.Programs.AsNoTracking() on new { r.ProgramId, r.Number } equals new { ProgramId = p.Id, Number = p.LatestRelease }
                    select new { r.ProgramId, r.ReleaseJson };
        if (programId is not null)
        {
            query = query.Where(x => x.ProgramId == programId);
        }
        var rows = await query.ToListAsync(ct);
        return rows.ToDictionary(r => r.ProgramId,
            r => JsonSerializer.Deserialize<ProgramRelease>(r.ReleaseJson, ContractJson.Options)!.Content, StringComparer.Ordinal);
    }
}
