using System.Text.Json.Serialization;

namespace ContentPlatform.Contract.Releases;

/// <summary>
/// A content block on a page. Each block type is a record deriving from this, marked with <see cref="BlockTypeAttribute"/>;
/// <see cref="BlockTypes"/> finds them at start-up and teaches JSON the "type" discriminator. Adding a block type is one
/// new record here plus one renderer in Rendering/.
/// </summary>
public abstract record Block
{
    public required string Id { get; init; }

    /// <summary>Every translatable text of the block with a field name, for completeness and staleness checks.</summary>
    public abstract IEnumerable<(string Field, LocalizedText Text)> Texts();

    /// <summary>Media the block refers to (keys in the media library), with the field that refers to it.</summary>
    public virtual IEnumerable<(string Field, string Media)> MediaReferences() => [];

    /// <summary>Block-specific rules beyond "every text in every language" (e.g. a quiz needs a correct option).</summary>
    public virtual IEnumerable<BlockRuleProblem> CheckRules(ProgramContent program) => [];
}

/// <summary>A block-specific problem; the validator adds the location.</summary>
public sealed record BlockRuleProblem(string Code, string Field, string? Language = null, string? Detail = null);

[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class BlockTypeAttribute(string name) : Attribute
{
    /// <summary>The JSON "type" and the name used in content files (`::: name id`).</summary>
    public string Name { get; } = name;

    /// <summary>Whether the body in content files is Markdown (text, callout) rather than YAML.</summary>
    public bool MarkdownBody { get; init; }
}

/// <summary>
/// Marks a property that holds media library keys of one kind (per language for a dictionary), so editors get a picker
/// listing only media of that kind, or of any kind when none is given (a download may be any file).
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class MediaFieldAttribute : Attribute
{
    public MediaFieldAttribute()
    {
    }

    public MediaFieldAttribute(MediaKind kind) => Kind = kind;

    public MediaKind? Kind { get; }
}

public enum CalloutVariant
{
    Info,
    Tip,
    Warning,
}

public enum ExerciseKind
{
    Reflection,
    Worksheet,
    Checklist,
    Rating,
}

[BlockType("text", MarkdownBody = true)]
public sealed record TextBlock : Block
{
    public LocalizedText Markdown { get; init; } = new();

    public override IEnumerable<(string, LocalizedText)> Texts() => [("markdown", Markdown)];
}

[BlockType("callout", MarkdownBody = true)]
public sealed record CalloutBlock : Block
{
    public CalloutVariant Variant { get; init; } = CalloutVariant.Info;
    public LocalizedText Markdown { get; init; } = new();

    public override IEnumerable<(string, LocalizedText)> Texts() => [("markdown", Markdown)];
}

[BlockType("image")]
public sealed record ImageBlock : Block
{
    [MediaField(MediaKind.Image)]
    public string Media { get; init; } = "";

    /// <summary>Required in every language: a screen reader user must get what the picture shows.</summary>
    public LocalizedText Alt { get; init; } = new();

    public LocalizedText? Caption { get; init; }

    public override IEnumerable<(string, LocalizedText)> Texts() =>
        Caption is null ? [("alt", Alt)] : [("alt", Alt), ("caption", Caption)];

    public override IEnumerable<(string, string)> MediaReferences() => [("media", Media)];
}

[BlockType("video")]
public sealed record VideoBlock : Block
{
    [MediaField(MediaKind.Video)]
    public string Media { get; init; } = "";
    public LocalizedText Title { get; init; } = new();

    /// <summary>WebVTT caption file per language (media keys); one for every required language (universal design law).</summary>
    [MediaField(MediaKind.Captions)]
    public SortedDictionary<string, string> Captions { get; init; } = new(StringComparer.Ordinal);

    public LocalizedText Transcript { get; init; } = new();

    public override IEnumerable<(string, LocalizedText)> Texts() => [("title", Title), ("transcript", Transcript)];

    public override IEnumerable<(string, string)> MediaReferences() =>
        new[] { ("media", Media) }.Concat(Captions.Select(c => ($"captions.{c.Key}", c.Value)));

    public override IEnumerable<BlockRuleProblem> CheckRules(ProgramContent program) =>
        program.Languages.Where(l => !Captions.TryGetValue(l, out var c) || string.IsNullOrWhiteSpace(c))
            .Select(l => new BlockRuleProblem("missing-captions", "captions", l));
}

[BlockType("audio")]
public sealed record AudioBlock : Block
{
    [MediaField(MediaKind.Audio)]
    public string Media { get; init; } = "";
    public LocalizedText Title { get; init; } = new();
    public LocalizedText Transcript { get; init; } = new();

    public override IEnumerable<(string, LocalizedText)> Texts() => [("title", Title), ("transcript", Transcript)];

    public override IEnumerable<(string, string)> MediaReferences() => [("media", Media)];
}

public sealed record ExerciseField(string Id, LocalizedText Label);

public sealed record ChecklistItem(string Id, LocalizedText Text);

[BlockType("exercise")]
public sealed record ExerciseBlock : Block
{
    public ExerciseKind Kind { get; init; } = ExerciseKind.Reflection;
    public LocalizedText Title { get; init; } = new();
    public LocalizedText Prompt { get; init; } = new();

    /// <summary>Worksheet fields (named answers).</summary>
    public IReadOnlyList<ExerciseField> Fields { get; init; } = [];

    /// <summary>Checklist items.</summary>
    public IReadOnlyList<ChecklistItem> Items { get; init; } = [];

    public int Min { get; init; }
    public int Max { get; init; } = 10;
    public LocalizedText? MinLabel { get; init; }
    public LocalizedText? MaxLabel { get; init; }

    public override IEnumerable<(string, LocalizedText)> Texts()
    {
        yield return ("title", Title);
        yield return ("prompt", Prompt);
        foreach (var f in Fields)
        {
            yield return ($"fields.{f.Id}", f.Label);
        }
        foreach (var i in Items)
        {
            yield return ($"items.{i.Id}", i.Text);
        }
        if (MinLabel is not null)
        {
            yield return ("minLabel", MinLabel);
        }
        if (MaxLabel is not null)
        {
            yield return ("maxLabel", MaxLabel);
        }
    }

    public override IEnumerable<BlockRuleProblem> CheckRules(ProgramContent program)
    {
        if (Kind == ExerciseKind.Worksheet && Fields.Count == 0)
        {
            yield return new("worksheet-without-fields", "fields");
        }
        if (Kind == ExerciseKind.Checklist && Items.Count == 0)
        {
            yield return new("checklist-without-items", "items");
        }
        if (Kind == ExerciseKind.Rating && (Min < 0 || Max > 10 || Min >= Max))
        {
            yield return new("rating-range", "min", Detail: $"{Min}-{Max}");
        }
        foreach (var duplicate in Fields.Select(f => f.Id).Concat(Items.Select(i => i.Id)).GroupBy(id => id).Where(g => g.Count() > 1))
        {
            yield return new("duplicate-id", "fields", Detail: duplicate.Key);
        }
    }
}

[BlockType("questionnaire")]
public sealed record QuestionnaireBlock : Block
{
    /// <summary>Id of a questionnaire in the program.</summary>
    public string Ref { get; init; } = "";

    public LocalizedText? Intro { get; init; }

    public override IEnumerable<(string, LocalizedText)> Texts() => Intro is null ? [] : [("intro", Intro)];

    public override IEnumerable<BlockRuleProblem> CheckRules(ProgramContent program)
    {
        if (!program.Questionnaires.Any(q => q.Id == Ref))
        {
            yield return new("broken-reference", "ref", Detail: Ref);
        }
    }
}

public sealed record QuizOption
{
    public required string Id { get; init; }
    public LocalizedText Text { get; init; } = new();
    public bool Correct { get; init; }
    public LocalizedText Feedback { get; init; } = new();
}

[BlockType("quiz")]
public sealed record QuizBlock : Block
{
    public LocalizedText Question { get; init; } = new();
    public bool Multiple { get; init; }
    public IReadOnlyList<QuizOption> Options { get; init; } = [];

    public override IEnumerable<(string, LocalizedText)> Texts()
    {
        yield return ("question", Question);
        foreach (var o in Options)
        {
            yield return ($"options.{o.Id}.text", o.Text);
            yield return ($"options.{o.Id}.feedback", o.Feedback);
        }
    }

    public override IEnumerable<BlockRuleProblem> CheckRules(ProgramContent program)
    {
        if (Options.Count < 2)
        {
            yield return new("quiz-too-few-options", "options");
        }
        var correct = Options.Count(o => o.Correct);
        if (correct == 0 || (!Multiple && correct > 1))
        {
            yield return new("quiz-correct-options", "options", Detail: correct.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var duplicate in Options.GroupBy(o => o.Id).Where(g => g.Count() > 1))
        {
            yield return new("duplicate-id", "options", Detail: duplicate.Key);
        }
    }
}

[BlockType("download")]
public sealed record DownloadBlock : Block
{
    [MediaField]
    public string Media { get; init; } = "";
    public LocalizedText Title { get; init; } = new();

    public override IEnumerable<(string, LocalizedText)> Texts() => [("title", Title)];

    public override IEnumerable<(string, string)> MediaReferences() => [("media", Media)];
}

/// <summary>Fields common to JSON of every block, kept for readers that do not know a type.</summary>
internal static class BlockJson
{
    public const string Discriminator = "type";
}
