using System.Text.Json;
using ContentPlatform.Cms.Data;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using Microsoft.EntityFrameworkCore;

namespace ContentPlatform.Cms.Programs;

/// <summary>Every program draft and release document, for media usage (<see cref="IProgramDocuments"/>).</summary>
public sealed class ProgramDocuments(CmsDbContext db) : IProgramDocuments
{
    public async Task<IReadOnlyList<ProgramDocument>> AllAsync(CancellationToken ct = default)
    {
        var drafts = await db.Programs.AsNoTracking().Select(p => new { p.Slug, p.DocumentJson }).ToListAsync(ct);
        var documents = drafts.Select(d => new ProgramDocument(ProgramContent.FromJson(d.DocumentJson), d.Slug, null)).ToList();
        var releases = await db.Releases.AsNoTracking().Select(r => new { r.Number, r.ReleaseJson }).ToListAsync(ct);
        foreach (var record in releases)
        {
            if (JsonSerializer.Deserialize<ProgramRelease>(record.ReleaseJson, ContractJson.Options) is { } release)
            {
                documents.Add(new ProgramDocument(release.Content, release.Content.Slug, record.Number));
            }
        }
        return documents;
    }
}
