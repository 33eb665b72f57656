using ContentPlatform.Cms.Programs;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Contract.Releases;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Cms;

/// <summary>Follow-up programs in the Cms: the publish check of their check-ins, and the one diff engine showing them.</summary>
public sealed class FollowUpProgramTests
{
    private static ProgramContent FollowUp(CheckInSchedule? checkIns) =>
        Draft() with { Kind = ProgramKind.FollowUp, Modules = [], CheckIns = checkIns };

    private static IEnumerable<(string Code, string? Field)> Problems(ProgramContent p) =>
        PublishValidator.Validate(p, new TranslationLog()).Select(x => (x.Code, x.Location.Field));

    [Fact]
    public void A_follow_up_program_with_a_check_in_and_a_schedule_publishes_without_modules() =>
        Assert.Empty(Problems(FollowUp(new CheckInSchedule { Questionnaires = ["checkin"], IntervalDays = 14, DurationWeeks = 52 })));

    [Fact]
    public void A_follow_up_program_without_a_check_in_questionnaire_is_refused()
    {
        Assert.Contains(("follow-up-no-check-in", "checkIns.questionnaires"), Problems(FollowUp(null)));
        Assert.Contains(("follow-up-no-check-in", "checkIns.questionnaires"), Problems(FollowUp(new CheckInSchedule())));
        Assert.Contains(("broken-reference", "checkIns.questionnaires"), Problems(FollowUp(new CheckInSchedule { Questionnaires = ["gone"] })));
    }

    [Fact]
    public void A_follow_up_schedule_out_of_range_is_refused_at_its_field()
    {
        var problems = Problems(FollowUp(new CheckInSchedule { Questionnaires = ["checkin"], IntervalDays = 0, DurationWeeks = 600 })).ToList();
        Assert.Contains(("invalid-check-in-schedule", "checkIns.intervalDays"), problems);
        Assert.Contains(("invalid-check-in-schedule", "checkIns.durationWeeks"), problems);
        Assert.Contains(("invalid-check-in-schedule", "checkIns.durationWeeks"),
            Problems(FollowUp(new CheckInSchedule { Questionnaires = ["checkin"], IntervalDays = 30, DurationWeeks = 2 }))); // no check-in would ever fall due
    }

    [Fact]
    public void The_review_diff_shows_a_changed_kind_and_check_in_schedule_as_program_settings()
    {
        var before = Draft();
        var after = before with { Kind = ProgramKind.FollowUp, CheckIns = new CheckInSchedule { Questionnaires = ["checkin"], IntervalDays = 7 } };
        var changes = ProgramChanges.Compare(before, after).Where(c => c.What == ProgramChange.Settings).Select(c => c.Key).ToList();
        Assert.Contains("program:kind", changes);
        Assert.Contains(changes, k => k.StartsWith("program:checkIns", StringComparison.Ordinal));

        var later = after with { CheckIns = after.CheckIns! with { IntervalDays = 14 } };
        var change = Assert.Single(ProgramChanges.Compare(after, later));
        Assert.Equal(("program:checkIns.intervalDays", "7", "14"), (change.Key, change.Before, change.After));
    }
}
