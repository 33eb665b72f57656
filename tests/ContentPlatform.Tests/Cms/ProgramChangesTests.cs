using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Cms;

/// <summary>The one program comparison behind the API, the command line, the review pages and the program status.</summary>
public sealed class ProgramChangesTests
{
    private static readonly ProgramContent Program = Draft();

    private static ProgramContent WithBlock(ProgramContent p, string blockId, Func<Block, Block> change) => p with
    {
        Modules = p.Modules.Select(m => m with
        {
            Pages = m.Pages.Select(pg => pg with { Blocks = pg.Blocks.Select(b => b.Id == blockId ? change(b) : b).ToList() }).ToList(),
        }).ToList(),
    };

    [Fact]
    public void The_same_program_has_no_changes() => Assert.Empty(ProgramChanges.Compare(Program, Draft()));

    [Fact]
    public void A_changed_text_is_one_change_in_one_language_with_the_place_of_its_block()
    {
        var after = WithBlock(Program, "m1-intro", b => ((TextBlock)b) with { Markdown = T("## Hva er uro?\n\nUro er vanlig.", "## Kva er uro?\n\nUro er svært vanleg.") });
        var change = Assert.Single(ProgramChanges.Compare(Program, after));
        Assert.Equal((ChangeKind.Changed, "text", "block:m1-intro:markdown", "nn"), (change.Kind, change.What, change.Key, change.Language));
        Assert.Equal(("## Kva er uro?\n\nUro er vanleg.", "## Kva er uro?\n\nUro er svært vanleg."), (change.Before, change.After));
        Assert.Equal(("text", 1, "markdown", "nn"), (change.Place.BlockType!, change.Place.BlockNumber!.Value, change.Place.Field!, change.Place.Language!));
        Assert.Equal("Modul 1", change.Place.Module!["nb"]);
        Assert.Equal("Side 1", change.Place.Page!["nn"]);
    }

    [Fact]
    public void An_empty_text_and_a_missing_text_are_the_same_and_no_change()
    {
        var before = Program with { Audience = new LocalizedText { ["nb"] = "" } };
        var after = Program with { Audience = new LocalizedText { ["nn"] = "  " } };
        Assert.Empty(ProgramChanges.Compare(before, after));
    }

    [Fact]
    public void A_text_written_where_there_was_an_empty_one_is_added_and_one_emptied_is_removed()
    {
        var empty = Program with { Audience = LocalizedText.Of("", "") };
        var written = Program with { Audience = LocalizedText.Of("Voksne", "") };
        Assert.Equal([(ChangeKind.Added, "nb", (string?)null, (string?)"Voksne")],
            ProgramChanges.Compare(empty, written).Select(c => (c.Kind, c.Language!, c.Before, c.After)));
        Assert.Equal([(ChangeKind.Removed, "nb", (string?)"Voksne", (string?)null)],
            ProgramChanges.Compare(written, empty).Select(c => (c.Kind, c.Language!, c.Before, c.After)));
    }

    [Fact]
    public void A_quiz_option_marked_correct_is_a_setting_change_at_field_level()
    {
        QuizBlock Quiz(bool bCorrect) => new()
        {
            Id = "quiz", Question = T("Hva hjelper?", "Kva hjelper?"),
            Options = [new QuizOption { Id = "a", Text = T("A", "A"), Correct = !bCorrect }, new QuizOption { Id = "b", Text = T("B", "B"), Correct = bCorrect }],
        };
        var before = WithBlock(Program, "m1-intro", _ => Quiz(false));
        var after = WithBlock(Program, "m1-intro", _ => Quiz(true));
        var changes = ProgramChanges.Compare(before, after);
        Assert.Equal(["block:quiz:options[a].correct", "block:quiz:options[b].correct"], changes.Select(c => c.Key));
        Assert.All(changes, c => Assert.Equal((ChangeKind.Changed, "settings"), (c.Kind, c.What)));
        Assert.Equal(("false", "true"), (changes[1].Before, changes[1].After));
        Assert.Equal("options[b].correct", changes[1].Location.Field);
    }

    [Fact]
    public void A_callout_variant_is_a_setting_change()
    {
        var before = WithBlock(Program, "m1-intro", b => new CalloutBlock { Id = b.Id, Markdown = T("Husk!", "Hugs!") });
        var after = WithBlock(before, "m1-intro", b => ((CalloutBlock)b) with { Variant = CalloutVariant.Warning });
        var change = Assert.Single(ProgramChanges.Compare(before, after));
        Assert.Equal(("settings", "variant", "info", "warning"), (change.What, change.Location.Field!, change.Before, change.After));
    }

    [Fact]
    public void Program_settings_are_compared()
    {
        var after = Program with { ReplyTimeDays = 3, Unlock = new UnlockRule(UnlockMode.Time, 7) };
        Assert.Equal(["program:unlock.mode", "program:unlock.days", "program:replyTimeDays"],
            ProgramChanges.Compare(Program, after).Select(c => c.Key));
    }

    [Fact]
    public void A_questionnaire_band_and_alert_changes_are_reported_field_by_field()
    {
        var q = Checkin();
        var changed = q with
        {
            Bands = [q.Bands[0], q.Bands[1] with { To = 4 }, q.Bands[2] with { From = 5 }],
            Alerts = [q.Alerts[0] with { AtLeast = 2 }],
            ShowResultToPatient = false,
        };
        var changes = ProgramChanges.Compare(Program, Program with { Questionnaires = [changed] });
        Assert.Contains(changes, c => c.Key == "questionnaire:checkin:showResultToPatient" && c.Before == "true" && c.After == "false");
        Assert.Contains(changes, c => c.Key == "questionnaire:checkin:bands[1].to" && c.Before == "3" && c.After == "4");
        Assert.Contains(changes, c => c.Key == "questionnaire:checkin:alerts[0].atLeast" && c.After == "2");
        Assert.All(changes.Where(c => c.What == "settings"), c => Assert.Equal("checkin", c.Location.QuestionnaireId));
        Assert.Equal("Vekesjekk", changes[0].Place.Questionnaire!["nn"]);
    }

    [Fact]
    public void A_questionnaire_item_text_is_a_text_change_in_the_questionnaire()
    {
        var q = Checkin();
        var changed = q with { Items = [q.Items[0] with { Text = T("Har du vært bekymret?", "Har du vore uroleg?") }, q.Items[1], q.Items[2]] };
        var change = Assert.Single(ProgramChanges.Compare(Program, Program with { Questionnaires = [changed] }));
        Assert.Equal(("text", "questionnaire:checkin:items.q1", "nb", "checkin"), (change.What, change.Key, change.Language!, change.Location.QuestionnaireId!));
    }

    [Fact]
    public void Added_and_removed_modules_pages_blocks_and_questionnaires_are_structural_changes()
    {
        var after = Draft(modules: 3) with { Questionnaires = [] };
        var changes = ProgramChanges.Compare(Program, after);
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, What: "module", Key: "module:m3" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, What: "page", Key: "page:m3-p1" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, What: "block", Key: "block:m3-intro" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Removed, What: "questionnaire", Key: "questionnaire:checkin" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Added, What: "text", Key: "module:m3:title", Language: "nn" });
        Assert.Contains(changes, c => c is { Kind: ChangeKind.Removed, What: "text", Key: "questionnaire:checkin:title" });
    }

    [Fact]
    public void A_block_moved_to_another_page_is_one_move()
    {
        var block = Program.Modules[0].Pages[0].Blocks[1];
        var after = Program with
        {
            Modules =
            [
                Program.Modules[0] with { Pages = [Program.Modules[0].Pages[0] with { Blocks = [Program.Modules[0].Pages[0].Blocks[0], Program.Modules[0].Pages[0].Blocks[2]] }] },
                Program.Modules[1] with { Pages = [Program.Modules[1].Pages[0] with { Blocks = [.. Program.Modules[1].Pages[0].Blocks, block] }] },
            ],
        };
        var change = Assert.Single(ProgramChanges.Compare(Program, after));
        Assert.Equal((ChangeKind.Moved, "block:m1-diary", "1.1.2", "2.1.4"), (change.Kind, change.Key, change.Before, change.After));
    }

    [Fact]
    public void Comparing_with_nothing_lists_everything_as_added()
    {
        var changes = ProgramChanges.Compare(null, Program);
        Assert.All(changes, c => Assert.Equal(ChangeKind.Added, c.Kind));
        Assert.Contains(changes, c => c.Key == "program:title" && c.Language == "nb");
        Assert.Contains(changes, c => c.Key == "module:m1");
    }
}
