using ContentPlatform.Contract.Feedback;
using ContentPlatform.Contract.Questionnaires;
using ContentPlatform.Delivery.Feedback;
using ContentPlatform.Tests.Infrastructure;

namespace ContentPlatform.Tests.Feedback;

/// <summary>The counts that leave Delivery: shown only when 0 or at least k, partitions protected against subtraction.</summary>
public sealed class FeedbackAggregationTests
{
    [Fact]
    public void Page_counts_below_k_are_sent_as_hidden_and_zero_and_k_are_shown()
    {
        var pages = FeedbackAggregator.Pages([new("p", 1, "a", Yes: 5, No: 4, Comments: 0), new("p", 2, "a", Yes: 1, No: 0, Comments: 1)], k: 5);

        Assert.Equal(new PageFeedbackCounts(1, "a", 5, null, 0), pages[0]);
        Assert.Equal(new PageFeedbackCounts(2, "a", null, 0, null), pages[1]);
        Assert.Null(FeedbackRules.Check(new FeedbackReport(5, [new ProgramFeedback("p", pages, [], [])])));
    }

    [Fact]
    public void An_evaluation_item_hides_a_small_option_and_one_more_so_the_small_one_cannot_be_subtracted_from_the_total()
    {
        var definition = new QuestionnaireDefinition
        {
            Id = "evaluering", Title = SamplePrograms.T("Evaluering", "Evaluering"), Kind = QuestionnaireKinds.Evaluation,
            Scale = [Option(0), Option(1), Option(2)],
            Items = [new QuestionnaireItem { Id = "nytte", Text = SamplePrograms.T("Hvor nyttig", "Kor nyttig") }],
        };
        // 7 answered 2, 5 answered 1, 1 answered 0: the 1 is hidden, and the 5 with it (else 13 − 7 − 5 = 1).
        var answers = Enumerable.Repeat(2, 7).Concat(Enumerable.Repeat(1, 5)).Append(0)
            .Select(v => new FeedbackAggregator.EvaluationAnswers("p", 1, "evaluering", new Dictionary<string, int> { ["nytte"] = v },
                definition.Items, definition.OptionsFor));

        var item = Assert.Single(FeedbackAggregator.Evaluation(answers, k: 5));

        Assert.Equal(13, item.Respondents);
        Assert.Equal([null, null, 7], item.Options.Select(o => o.Count));
        Assert.Null(FeedbackRules.Check(new FeedbackReport(5, [new ProgramFeedback("p", [], [item], [])])));
    }

    [Fact]
    public void The_shape_check_refuses_a_count_between_one_and_k_minus_one()
    {
        var report = new FeedbackReport(5, [new ProgramFeedback("p", [new PageFeedbackCounts(1, "a", 4, 0, 0)], [], [])]);

        Assert.Equal("programs[0].pages[0]", FeedbackRules.Check(report)?.Path);
    }

    private static AnswerOption Option(int value) => new() { Value = value, Text = SamplePrograms.T($"{value}", $"{value}") };
}
