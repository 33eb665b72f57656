using ContentPlatform.Delivery.Answers;
using ContentPlatform.Delivery.Pages.My;

namespace ContentPlatform.Tests.Delivery;

/// <summary>"Mine svar" shows what a block's fields share (its title and prompt) once, then each field's own label.</summary>
public sealed class MyAnswersGroupingTests
{
    [Fact]
    public void A_worksheets_prompt_is_shown_once_above_its_fields_and_a_single_answer_keeps_its_whole_question()
    {
        var answers = new[]
        {
            Answer("ark", "situasjon", "Tankeark — Tenk på ein situasjon — Kva skjedde?", "Møte"),
            Answer("ark", "tanke", "Tankeark — Tenk på ein situasjon — Kva tenkte du?", "Det går gale"),
            Answer("refleksjon", "text", "Refleksjon — Kva lærte du?", "Mykje"),
        };

        var blocks = AnswersModel.Blocks(answers).ToList();

        Assert.Equal(2, blocks.Count);
        Assert.Equal("Tankeark — Tenk på ein situasjon", blocks[0].Heading);
        Assert.Equal(["Kva skjedde?", "Kva tenkte du?"], blocks[0].Fields.Select(f => f.Label));
        Assert.Equal("Refleksjon — Kva lærte du?", blocks[1].Heading);
        Assert.Equal("", Assert.Single(blocks[1].Fields).Label);
    }

    private static Answer Answer(string block, string field, string seen, string value) => new()
    {
        EnrollmentId = Guid.Empty, ModuleId = "m1", BlockId = block, FieldId = field, SeenText = seen, Value = value,
    };
}
