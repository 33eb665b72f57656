using ContentPlatform.Cms.Programs;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Cms.Programs.Changes;
using ContentPlatform.Tests.Infrastructure;
using static ContentPlatform.Tests.Infrastructure.SamplePrograms;

namespace ContentPlatform.Tests.Cms;

/// <summary>Every problem that blocks publishing is reported with its code and its place.</summary>
public sealed class PublishValidationTests
{
    private static IReadOnlyList<ContentProblem> Check(ProgramContent program, TranslationLog? log = null) =>
        PublishValidator.Validate(program, log ?? new TranslationLog());

    private static ProgramContent WithBlock(Block block)
    {
        var program = Draft(modules: 1);
        var page = program.Modules[0].Pages[0];
        return program with { Modules = [program.Modules[0] with { Pages = [page with { Blocks = [.. page.Blocks, block] }] }] };
    }

    [Fact]
    public void A_valid_program_has_no_problems() => Assert.Empty(Check(Draft()));

    [Fact]
    public void Triage_thresholds_that_would_light_up_everyone_are_refused_at_their_field()
    {
        var program = Draft() with { ReplyTimeDays = 0, Triage = new TriageRules { InactiveDays = 0, WorseningPoints = 0 } };
        Assert.Equal(["replyTimeDays", "triage.inactiveDays", "triage.worseningPoints"],
            Check(program).Where(p => p.Code == "invalid-triage").Select(p => p.Location.Field).Order());
    }

    [Fact]
    public void A_missing_language_is_reported_at_the_field_and_language()
    {
        var program = WithBlock(new TextBlock { Id = "only-nb", Markdown = new LocalizedText { ["nb"] = "Bare bokmål" } });
        var problem = Assert.Single(Check(program));
        Assert.Equal("missing-language", problem.Code);
        Assert.Equal("m1 › m1-p1 › only-nb › markdown › nn", problem.Path);
    }

    [Fact]
    public void An_image_without_alt_text_is_reported_as_missing_alt_text()
    {
        var problems = Check(WithBlock(new ImageBlock { Id = "pic", Media = "pust.jpg", Alt = new LocalizedText { ["nb"] = "En person puster" } }));
        Assert.Contains(problems, p => p.Code == "missing-alt-text" && p.Location.Language == "nn" && p.Location.BlockId == "pic");
    }

    [Fact]
    public void A_video_without_captions_in_a_required_language_is_reported()
    {
        var video = new VideoBlock
        {
            Id = "film", Media = "film.mp4", Title = T("Film", "Film"), Transcript = T("Tekst", "Tekst"),
            Captions = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["nb"] = "film.nb.vtt" },
        };
        var problem = Assert.Single(Check(WithBlock(video)));
        Assert.Equal("missing-captions", problem.Code);
        Assert.Equal("m1 › m1-p1 › film › captions › nn", problem.Path);
    }

    [Fact]
    public void A_stale_translation_is_reported_until_it_is_updated_or_accepted()
    {
        var program = Draft(modules: 1);
        var log = new TranslationLog();
        log.RecordChanges(null, program, DateTimeOffset.UnixEpoch);
        var nbChanged = program with { Title = LocalizedText.Of("Ny bokmålstittel", program.Title["nn"]) };
        log.RecordChanges(program, nbChanged, DateTimeOffset.UnixEpoch.AddHours(1));

        var stale = Assert.Single(Check(nbChanged, log));
        Assert.Equal("stale-translation", stale.Code);
        Assert.Equal("title › nn", stale.Path);
        Assert.True(log.IsStale("program:title", "nn", "nb"));

        log.Accept("program:title", "nn", DateTimeOffset.UnixEpoch.AddHours(2));
        Assert.Empty(Check(nbChanged, log));

        log.RecordChanges(nbChanged, nbChanged with { Title = LocalizedText.Of("Enda nyere", program.Title["nn"]) }, DateTimeOffset.UnixEpoch.AddHours(3));
        Assert.True(log.IsStale("program:title", "nn", "nb"));
        var nnUpdated = nbChanged with { Title = LocalizedText.Of("Enda nyere", "Endå nyare") };
        log.RecordChanges(nbChanged with { Title = LocalizedText.Of("Enda nyere", program.Title["nn"]) }, nnUpdated, DateTimeOffset.UnixEpoch.AddHours(4));
        Assert.False(log.IsStale("program:title", "nn", "nb"));
    }

    [Fact]
    public void Questionnaire_bands_that_leave_a_gap_are_reported_with_the_questionnaire()
    {
        var program = Draft(modules: 1);
        var q = program.Questionnaires[0];
        var gap = q with { Bands = [q.Bands[0], q.Bands[2]] };
        var problem = Assert.Single(Check(program with { Questionnaires = [gap] }));
        Assert.Equal(QuestionnaireProblemCodes.BandsGap, problem.Code);
        Assert.Equal("checkin", problem.Location.QuestionnaireId);
    }

    [Fact]
    public void A_reference_to_a_missing_questionnaire_is_a_broken_reference()
    {
        var problems = Check(WithBlock(new QuestionnaireBlock { Id = "q-missing", Ref = "does-not-exist" }));
        Assert.Contains(problems, p => p.Code == "broken-reference" && p.Location.BlockId == "q-missing" && p.Detail == "does-not-exist");
    }

    [Fact]
    public void A_media_reference_the_library_does_not_have_is_a_broken_reference()
    {
        var program = WithBlock(new ImageBlock { Id = "pic", Media = "gone.jpg", Alt = T("Bilde", "Bilete") });
        var problems = PublishValidator.Validate(program, new TranslationLog(), media => media != "gone.jpg");
        Assert.Contains(problems, p => p.Code == "broken-reference" && p.Path == "m1 › m1-p1 › pic › media");
    }

    [Theory]
    [InlineData("## To\n\n#### Fire", "h2→h4")]
    [InlineData("# Ein\n\nTekst", "h1→h1")]
    public void Headings_that_skip_a_level_are_reported(string nb, string detail)
    {
        var problems = Check(WithBlock(new TextBlock { Id = "headings", Markdown = T(nb, "## To") }));
        var problem = Assert.Single(problems);
        Assert.Equal("heading-skip", problem.Code);
        Assert.Equal("nb", problem.Location.Language);
        Assert.Equal(detail, problem.Detail);
    }

    [Fact]
    public void Links_with_other_schemes_and_images_from_outside_are_reported()
    {
        var problems = Check(WithBlock(new TextBlock { Id = "links", Markdown = T("[x](javascript:alert(1))", "![y](https://tracker.example/p.gif)") }));
        Assert.Contains(problems, p => p.Code == "link-not-allowed" && p.Location.Language == "nb");
        Assert.Contains(problems, p => p.Code == "image-not-from-media-library" && p.Location.Language == "nn");
    }

    [Fact]
    public void Duplicate_and_invalid_ids_are_reported()
    {
        var problems = Check(WithBlock(new TextBlock { Id = "m1-intro", Markdown = T("a", "a") }));
        Assert.Contains(problems, p => p.Code == "duplicate-id" && p.Detail == "m1-intro");
        Assert.Contains(Check(WithBlock(new TextBlock { Id = "Ugyldig Id", Markdown = T("a", "a") })), p => p.Code == "invalid-id");
    }

    [Fact]
    public void A_quiz_without_a_correct_option_is_reported()
    {
        var quiz = new QuizBlock
        {
            Id = "quiz", Question = T("Spørsmål?", "Spørsmål?"),
            Options = [new QuizOption { Id = "a", Text = T("A", "A"), Feedback = T("Nei", "Nei") }, new QuizOption { Id = "b", Text = T("B", "B"), Feedback = T("Nei", "Nei") }],
        };
        Assert.Contains(Check(WithBlock(quiz)), p => p.Code == "quiz-correct-options" && p.Location.BlockId == "quiz");
    }

    [Fact]
    public void Field_level_fallback_fills_a_missing_nynorsk_text_from_bokmal() =>
        Assert.Equal("Bare bokmål", new LocalizedText { ["nb"] = "Bare bokmål" }.Resolve("nn", ["nb"]));

    [Fact]
    public void Ids_survive_reordering_and_the_diff_calls_it_a_move()
    {
        var program = Draft(modules: 3);
        var reordered = program with { Modules = [program.Modules[2], program.Modules[0], program.Modules[1]] };
        var diff = ProgramChanges.Compare(program, reordered);
        var move = Assert.Single(diff);
        Assert.Equal((ChangeKind.Moved, "module:m3"), (move.Kind, move.Key));
        Assert.Equal(program.AllBlocks().Select(b => b.Block.Id).Order(), reordered.AllBlocks().Select(b => b.Block.Id).Order());
    }
}
