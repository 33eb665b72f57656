using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Cms.Programs.Editing;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Cms;

public sealed class OptionalModuleTests
{
    [Fact]
    public void Marking_a_module_optional_is_a_setting_change_in_the_diff_and_a_required_module_writes_no_optional_field()
    {
        var program = SamplePrograms.Guided();
        Assert.DoesNotContain("optional", program.ToJson(), StringComparison.Ordinal); // older releases keep their hash

        var changed = ProgramEdits.SetModuleOptional(program, SamplePrograms.ModuleId(2), optional: true)!;
        Assert.Contains("\"optional\":true", changed.ToJson(), StringComparison.Ordinal);
        var change = Assert.Single(ProgramChanges.Compare(program, changed));
        Assert.Equal(ProgramChange.Settings, change.What);
        Assert.EndsWith("optional", change.Key, StringComparison.Ordinal);
        Assert.Equal(("false", "true"), (change.Before, change.After));
    }
}
