using ContentPlatform.Delivery.Content;
using ContentPlatform.Delivery.Enrollment;
using ContentPlatform.Delivery.Progress;
using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Delivery.Answers;

/// <summary>
/// Finds a block for a posted answer: in the release the enrollment follows, else in the (older) release the page was
/// rendered from. A page left open across a publish therefore still saves, and nothing the patient typed is lost.
/// </summary>
public sealed class ReleaseLookup(ReleaseStore releases)
{
    public async Task<(ProgramRelease Release, ModuleContent Module, Block Block)?> FindBlockAsync(PatientProgram program, string blockId,
        int postedRelease, CancellationToken ct)
    {
        if (Find(program.Release, blockId) is { } current)
        {
            return current;
        }
        if (postedRelease > 0 && postedRelease < program.Release.Number &&
            await releases.GetAsync(program.Enrollment.ProgramId, postedRelease, ct) is { } older)
        {
            return Find(older, blockId);
        }
        return null;
    }

    private static (ProgramRelease, ModuleContent, Block)? Find(ProgramRelease release, string blockId)
    {
        foreach (var (module, _, block) in release.Content.AllBlocks())
        {
            if (block.Id == blockId)
            {
                return (release, module, block);
            }
        }
        return null;
    }
}
