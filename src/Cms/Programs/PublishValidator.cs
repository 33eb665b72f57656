using System.Text.RegularExpressions;
using ContentPlatform.Cms.Media.Library;
using ContentPlatform.Contract.Releases;
using ContentPlatform.Contract.Markdown;
using ContentPlatform.Contract.Questionnaires;

namespace ContentPlatform.Cms.Programs;

/// <summary>A problem that blocks publishing, with a code (for the UI's localized text and links) and where it is.</summary>
public sealed record ContentProblem(string Code, ContentLocation Location, string? Detail = null)
{
    public string Path => Location.Path;
}

/// <summary>
/// Everything that must be right before a program is published. Nothing is published while a problem remains: the
/// list holds every problem at once, each with its location (module › page › block › field › language).
/// </summary>
public static partial class PublishValidator
{
    [GeneratedRegex("^[a-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();

    /// <summary>Texts that may be left empty in every language (but, once written, must exist in all of them).</summary>
    private static readonly string[] OptionalTextSuffixes = [":summary", ":audience", ":intro", ":caption", ":minLabel", ":maxLabel", ":safety"];

    /// <param name="mediaLookup">
    /// The media library: with it, every reference must name an asset of the right kind that is ready (processed), and a
    /// caption reference must be a ready captions file.
    /// </param>
    /// <param name="allowAlertsWithoutSafetyMessage">Publishing:AllowAlertsWithoutSafetyMessage: lets an alert rule fire with no
    /// safety message for the patient (see <see cref="QuestionnaireSafety.RulesWithoutSafetyMessage"/>).</param>
    public static IReadOnlyList<ContentProblem> Validate(ProgramContent program, TranslationLog log, Func<string, bool>? mediaExists = null,
        Func<string, MediaLookupEntry?>? mediaLookup = null, bool allowAlertsWithoutSafetyMessage = false)
    {
        var problems = new List<ContentProblem>();
        CheckStructure(program, problems);
        CheckTexts(program, log, problems);
        CheckBlocks(program, problems, mediaExists);
        if (mediaLookup is not null)
        {
            CheckMediaLibrary(program, problems, mediaLookup);
        }
        CheckQuestionnaires(program, problems);
        CheckCover(program, problems, mediaExists, mediaLookup);
        if (!allowAlertsWithoutSafetyMessage)
        {
            CheckSafetyMessages(program, problems);
        }
        return problems;
    }

    /// <summary>The cover must be a ready image from the library; its alt text is checked with the other texts.</summary>
    private static void CheckCover(ProgramContent program, List<ContentProblem> problems, Func<string, bool>? mediaExists,
        Func<string, MediaLookupEntry?>? lookup)
    {
        if (program.Cover is not { } cover)
        {
            return;
        }
        var where = new ContentLocation(Field: "cover.media");
        if (string.IsNullOrWhiteSpace(cover.Media))
        {
            problems.Add(new("missing-media", where));
        }
        else if (lookup?.Invoke(cover.Media) is { } entry)
        {
            if (entry.Kind != MediaKind.Image)
            {
                problems.Add(new("wrong-media-kind", where, $"{cover.Media}: {entry.Kind}, expected {MediaKind.Image}"));
            }
            else if (!entry.Ready)
            {
                problems.Add(new("media-not-ready", where, cover.Media));
            }
        }
        else if (lookup is not null || mediaExists?.Invoke(cover.Media) == false)
        {
            problems.Add(new("broken-reference", where, cover.Media));
        }
    }

    private static void CheckStructure(ProgramContent program, List<ContentProblem> problems)
    {
        var ids = new List<(string Id, ContentLocation Where)> { (program.Id, new()) };
        if (!IdPattern().IsMatch(program.Slug))
        {
            problems.Add(new("invalid-slug", new(Field: "slug"), program.Slug));
        }
        if (program.Languages.Count == 0)
        {
            problems.Add(new("no-languages", new(Field: "languages")));
        }
        if (program.Modules.Count == 0 && program.Kind != ProgramKind.FollowUp)
        {
            problems.Add(new("empty-program", new()));
        }
        CheckFollowUp(program, problems);
        // Triage thresholds: a day or more of silence, a point or more of change; anything else would light up everyone.
        if (program.Triage.InactiveDays is < 1 or > 365)
        {
            problems.Add(new("invalid-triage", new(Field: "triage.inactiveDays"), program.Triage.InactiveDays.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (program.Triage.WorseningPoints < 1)
        {
            problems.Add(new("invalid-triage", new(Field: "triage.worseningPoints"), program.Triage.WorseningPoints.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        // Reminder defaults (notify): known channels, a sensible inactivity reminder, hours of the day.
        if (program.Reminders is { } reminders)
        {
            foreach (var channel in reminders.Channels.Where(c => c is not (ReminderSettings.Email or ReminderSettings.Sms)))
            {
                problems.Add(new("invalid-reminders", new(Field: "reminders.channels"), channel));
            }
            if (reminders.InactiveDays is < 1 or > 365)
            {
                problems.Add(new("invalid-reminders", new(Field: "reminders.inactiveDays"), reminders.InactiveDays.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            if (reminders.QuietFromHour is < 0 or > 23 || reminders.QuietUntilHour is < 0 or > 23)
            {
                problems.Add(new("invalid-reminders", new(Field: "reminders.quietHours"), $"{reminders.QuietFromHour}-{reminders.QuietUntilHour}"));
            }
        }
        if (program.AlertEscalationHours is < 1 or > 720)
        {
            problems.Add(new("invalid-escalation", new(Field: "alertEscalationHours"),
                program.AlertEscalationHours.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (program.ReplyTimeDays is < 1 or > 30)
        {
            problems.Add(new("invalid-triage", new(Field: "replyTimeDays"), program.ReplyTimeDays.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        foreach (var module in program.Modules)
        {
            ids.Add((module.Id, new(module.Id)));
            if (module.Pages.Count == 0)
            {
                problems.Add(new("empty-module", new(module.Id)));
            }
            if (module.Questionnaire is { } q && !program.Questionnaires.Any(x => x.Id == q))
            {
                problems.Add(new("broken-reference", new(module.Id, Field: "questionnaire"), q));
            }
            foreach (var page in module.Pages)
            {
                ids.Add((page.Id, new(module.Id, page.Id)));
                if (page.Blocks.Count == 0)
                {
                    problems.Add(new("empty-page", new(module.Id, page.Id)));
                }
                ids.AddRange(page.Blocks.Select(b => (b.Id, new ContentLocation(module.Id, page.Id, b.Id))));
            }
        }
        ids.AddRange(program.Questionnaires.Select(q => (q.Id, new ContentLocation(QuestionnaireId: q.Id))));
        foreach (var template in program.ReplyTemplates ?? [])
        {
            var where = new ContentLocation(template.ModuleId, Field: $"replyTemplates[{template.Id}]");
            ids.Add((template.Id, where));
            if (template.ModuleId is { } moduleId && program.Modules.All(m => m.Id != moduleId))
            {
                problems.Add(new("broken-reference", where with { Field = $"replyTemplates[{template.Id}].moduleId" }, moduleId));
            }
        }
        foreach (var (id, where) in ids.Where(i => !IdPattern().IsMatch(i.Id)))
        {
            problems.Add(new("invalid-id", where, id));
        }
        foreach (var group in ids.GroupBy(i => i.Id).Where(g => g.Count() > 1))
        {
            problems.AddRange(group.Skip(1).Select(d => new ContentProblem("duplicate-id", d.Where, group.Key)));
        }
    }

    /// <summary>A follow-up program is its check-ins: at least one questionnaire of the program, on a sensible schedule.</summary>
    private static void CheckFollowUp(ProgramContent program, List<ContentProblem> problems)
    {
        if (program.Kind != ProgramKind.FollowUp)
        {
            return;
        }
        if (program.CheckIns is not { } plan || plan.Questionnaires.Count == 0)
        {
            problems.Add(new("follow-up-no-check-in", new(Field: "checkIns.questionnaires")));
            return;
        }
        foreach (var missing in plan.Questionnaires.Where(q => program.Questionnaires.All(x => x.Id != q)))
        {
            problems.Add(new("broken-reference", new(Field: "checkIns.questionnaires"), missing));
        }
        if (plan.IntervalDays is < 1 or > 365)
        {
            problems.Add(new("invalid-check-in-schedule", new(Field: "checkIns.intervalDays"), plan.IntervalDays.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        if (plan.DurationWeeks is < 1 or > 520 || plan.DurationWeeks * 7 < plan.IntervalDays)
        {
            problems.Add(new("invalid-check-in-schedule", new(Field: "checkIns.durationWeeks"), plan.DurationWeeks.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
    }

    private static void CheckTexts(ProgramContent program, TranslationLog log, List<ContentProblem> problems)
    {
        foreach (var text in ContentTexts.Enumerate(program))
        {
            var present = program.Languages.Where(text.Text.Has).ToList();
            if (present.Count == 0)
            {
                if (!OptionalTextSuffixes.Any(s => text.Key.EndsWith(s, StringComparison.Ordinal)))
                {
                    problems.Add(new(IsAltText(text) ? "missing-alt-text" : "missing-text", text.Location));
                }
                continue;
            }
            foreach (var language in program.Languages.Except(present))
            {
                problems.Add(new(IsAltText(text) ? "missing-alt-text" : "missing-language", text.Location with { Language = language }));
            }
            foreach (var language in present.Where(l => log.IsStale(text.Key, l, program.SourceLanguage)))
            {
                problems.Add(new("stale-translation", text.Location with { Language = language }, text.Key));
            }
        }
    }

    private static bool IsAltText(ContentText text) =>
        (text.Key.StartsWith("block:", StringComparison.Ordinal) && text.Key.EndsWith(":alt", StringComparison.Ordinal))
        || text.Key == "program:cover.alt";

    private static void CheckBlocks(ProgramContent program, List<ContentProblem> problems, Func<string, bool>? mediaExists)
    {
        foreach (var (module, page, block) in program.AllBlocks())
        {
            var where = new ContentLocation(module.Id, page.Id, block.Id);
            foreach (var rule in block.CheckRules(program))
            {
                problems.Add(new(rule.Code, where.WithField(rule.Field, rule.Language), rule.Detail));
            }
            foreach (var (field, media) in block.MediaReferences())
            {
                if (string.IsNullOrWhiteSpace(media))
                {
                    problems.Add(new("missing-media", where.WithField(field)));
                }
                else if (mediaExists is not null && !mediaExists(media))
                {
                    problems.Add(new("broken-reference", where.WithField(field), media));
                }
            }
            var markdown = block switch
            {
                TextBlock t => t.Markdown,
                CalloutBlock c => c.Markdown,
                _ => null,
            };
            foreach (var (language, text) in markdown ?? [])
            {
                CheckMarkdown(text, where.WithField("markdown", language), problems);
            }
        }
    }

    private static void CheckMediaLibrary(ProgramContent program, List<ContentProblem> problems, Func<string, MediaLookupEntry?> lookup)
    {
        foreach (var (module, page, block) in program.AllBlocks())
        {
            var where = new ContentLocation(module.Id, page.Id, block.Id);
            foreach (var (field, media) in block.MediaReferences().Where(r => !string.IsNullOrWhiteSpace(r.Media)))
            {
                var entry = lookup(media);
                if (field.StartsWith("captions.", StringComparison.Ordinal))
                {
                    var language = field["captions.".Length..];
                    if (entry is null || entry.Kind != MediaKind.Captions || !entry.Ready)
                    {
                        // A video without usable captions in a program language must not reach patients (universal design).
                        problems.Add(new("missing-captions", where.WithField("captions", language),
                            entry is null ? $"no captions file '{media}' in the media library"
                            : entry.Kind != MediaKind.Captions ? $"'{media}' is not a captions (WebVTT) file"
                            : $"'{media}' is not ready"));
                    }
                    continue;
                }
                if (entry is null)
                {
                    if (!problems.Any(p => p.Code == "broken-reference" && p.Location == where.WithField(field)))
                    {
                        problems.Add(new("broken-reference", where.WithField(field), media));
                    }
                    continue;
                }
                MediaKind? expected = block switch
                {
                    VideoBlock => MediaKind.Video,
                    AudioBlock => MediaKind.Audio,
                    ImageBlock => MediaKind.Image,
                    _ => null,
                };
                if (expected is { } kind && entry.Kind != kind)
                {
                    problems.Add(new("wrong-media-kind", where.WithField(field), $"{media}: {entry.Kind}, expected {kind}"));
                }
                else if (!entry.Ready)
                {
                    problems.Add(new("media-not-ready", where.WithField(field), media));
                }
            }
        }
    }

    /// <summary>Page headings start at level 2 (the page title is the h1) and never skip a level (WCAG 1.3.1).</summary>
    private static void CheckMarkdown(string markdown, ContentLocation where, List<ContentProblem> problems)
    {
        var previous = 1;
        foreach (var level in ContentMarkdown.HeadingLevels(markdown))
        {
            if (level == 1 || level > previous + 1)
            {
                problems.Add(new("heading-skip", where, $"h{previous}→h{level}"));
                break;
            }
            previous = level;
        }
        foreach (var problem in ContentMarkdown.FindProblems(markdown))
        {
            problems.Add(new(problem.StartsWith("image", StringComparison.Ordinal) ? "image-not-from-media-library" : "link-not-allowed",
                where, problem[(problem.IndexOf(':', StringComparison.Ordinal) + 1)..]));
        }
    }

    private static void CheckQuestionnaires(ProgramContent program, List<ContentProblem> problems)
    {
        foreach (var questionnaire in program.Questionnaires)
        {
            foreach (var p in QuestionnaireValidator.Validate(questionnaire, program.Languages))
            {
                // Missing texts are already reported per language by CheckTexts, with staleness beside them.
                if (p.Code != QuestionnaireProblemCodes.MissingText)
                {
                    problems.Add(new(p.Code, new(QuestionnaireId: questionnaire.Id, Field: p.Path), p.Message));
                }
            }
        }
    }

    /// <summary>
    /// A patient whose answer fires an alert must be told what to do now (emergency numbers, contact the therapist today):
    /// every option that fires a rule needs a safety message. Detail: the questionnaire's title and the rule's item.
    /// </summary>
    private static void CheckSafetyMessages(ProgramContent program, List<ContentProblem> problems)
    {
        foreach (var questionnaire in program.Questionnaires)
        {
            foreach (var (rule, i) in questionnaire.Alerts.Select((a, i) => (a, i))
                         .Where(x => QuestionnaireSafety.RulesWithoutSafetyMessage(questionnaire).Contains(x.a)))
            {
                var title = questionnaire.Title.Resolve(program.SourceLanguage, program.Languages);
                problems.Add(new("alert-without-safety-message", new(QuestionnaireId: questionnaire.Id, Field: $"alerts[{i}]"),
                    $"{(title.Length > 0 ? title : questionnaire.Id)}: {rule.Item}"));
            }
        }
    }
}
