using ContentPlatform.Contract.Releases;

namespace ContentPlatform.Cms.Programs;

/// <summary>Where something is in a program: module › page › block › field › language. Ids, plus titles for people.</summary>
public sealed record ContentLocation(
    string? ModuleId = null, string? PageId = null, string? BlockId = null, string? QuestionnaireId = null,
    string? Field = null, string? Language = null)
{
    public ContentLocation WithField(string field, string? language = null) => this with { Field = field, Language = language };

    /// <summary>"m2 › m2-p1 › breathing-video › captions › nn" (ids; the UI shows titles).</summary>
    public string Path => string.Join(" › ",
        new[] { ModuleId, PageId, BlockId, QuestionnaireId is null ? null : $"questionnaire {QuestionnaireId}", Field, Language }
            .Where(s => !string.IsNullOrEmpty(s)));
}

/// <summary>One translatable text of a program, with a key that stays the same across edits (built from ids).</summary>
public sealed record ContentText(string Key, ContentLocation Location, LocalizedText Text);

public static class ContentTexts
{
    /// <summary>Every translatable text in the program, in document order.</summary>
    public static IEnumerable<ContentText> Enumerate(ProgramContent program)
    {
        yield return new("program:title", new(Field: "title"), program.Title);
        yield return new("program:summary", new(Field: "summary"), program.Summary);
        yield return new("program:audience", new(Field: "audience"), program.Audience);
        if (program.Cover is { Decorative: false } cover)
        {
            yield return new("program:cover.alt", new(Field: "cover.alt"), cover.Alt);
        }
        foreach (var module in program.Modules)
        {
            var m = new ContentLocation(module.Id);
            yield return new($"module:{module.Id}:title", m.WithField("title"), module.Title);
            yield return new($"module:{module.Id}:summary", m.WithField("summary"), module.Summary);
            foreach (var page in module.Pages)
            {
                var p = m with { PageId = page.Id };
                yield return new($"page:{page.Id}:title", p.WithField("title"), page.Title);
                foreach (var block in page.Blocks)
                {
                    var b = p with { BlockId = block.Id };
                    foreach (var (field, text) in block.Texts())
                    {
                        yield return new($"block:{block.Id}:{field}", b.WithField(field), text);
                    }
                }
            }
        }
        foreach (var q in program.Questionnaires)
        {
            var l = new ContentLocation(QuestionnaireId: q.Id);
            yield return new($"questionnaire:{q.Id}:title", l.WithField("title"), q.Title);
            yield return new($"questionnaire:{q.Id}:intro", l.WithField("intro"), q.Intro);
            foreach (var (option, i) in q.Scale.Select((o, i) => (o, i)))
            {
                yield return new($"questionnaire:{q.Id}:scale.{option.Value}", l.WithField($"scale[{i}]"), option.Text);
            }
            foreach (var safety in SafetyMessages(q, l))
            {
                yield return safety;
            }
            foreach (var item in q.Items)
            {
                yield return new($"questionnaire:{q.Id}:items.{item.Id}", l.WithField($"items[{item.Id}]"), item.Text);
                foreach (var option in item.Options ?? [])
                {
                    yield return new($"questionnaire:{q.Id}:items.{item.Id}.{option.Value}", l.WithField($"items[{item.Id}].options[{option.Value}]"), option.Text);
                }
            }
            foreach (var s in q.Subscales)
            {
                yield return new($"questionnaire:{q.Id}:subscales.{s.Id}", l.WithField($"subscales[{s.Id}]"), s.Title);
            }
            foreach (var (band, i) in q.Bands.Select((b, i) => (b, i)))
            {
                yield return new($"questionnaire:{q.Id}:bands.{band.From}", l.WithField($"bands[{i}]"), band.Label);
            }
            foreach (var (alert, i) in q.Alerts.Select((a, i) => (a, i)))
            {
                yield return new($"questionnaire:{q.Id}:alerts.{alert.Item}", l.WithField($"alerts[{i}]"), alert.Reason);
            }
        }
        foreach (var template in program.ReplyTemplates ?? [])
        {
            var t = new ContentLocation(ModuleId: template.ModuleId, Field: $"replyTemplates[{template.Id}]");
            yield return new($"reply-template:{template.Id}:title", t with { Field = $"replyTemplates[{template.Id}].title" }, template.Title);
            yield return new($"reply-template:{template.Id}:body", t with { Field = $"replyTemplates[{template.Id}].body" }, template.Body);
        }
    }

    /// <summary>Safety messages (optional, but once written needed in every language); keys end in ":safety".</summary>
    private static IEnumerable<ContentText> SafetyMessages(Contract.Questionnaires.QuestionnaireDefinition q, ContentLocation l)
    {
        foreach (var (option, i) in q.Scale.Select((o, i) => (o, i)).Where(x => x.o.SafetyMessage is not null))
        {
            yield return new($"questionnaire:{q.Id}:scale.{option.Value}:safety", l.WithField($"scale[{i}].safetyMessage"), option.SafetyMessage!);
        }
        foreach (var item in q.Items)
        {
            foreach (var option in (item.Options ?? []).Where(o => o.SafetyMessage is not null))
            {
                yield return new($"questionnaire:{q.Id}:items.{item.Id}.{option.Value}:safety",
                    l.WithField($"items[{item.Id}].options[{option.Value}].safetyMessage"), option.SafetyMessage!);
            }
        }
        foreach (var (band, i) in q.Bands.Select((b, i) => (b, i)).Where(x => x.b.SafetyMessage is not null))
        {
            yield return new($"questionnaire:{q.Id}:bands.{band.From}:safety", l.WithField($"bands[{i}].safetyMessage"), band.SafetyMessage!);
        }
    }
}
