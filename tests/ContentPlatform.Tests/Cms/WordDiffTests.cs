using System.Diagnostics;
using ContentPlatform.Cms.Programs.Changes;

namespace ContentPlatform.Tests.Cms;

/// <summary>The word view of a changed text: only the words that changed are marked, and the work is bounded.</summary>
public sealed class WordDiffTests
{
    private static string Show(string? before, string? after) => string.Concat(WordDiff.Compare(before, after).Select(r => r.Change switch
    {
        WordChange.Removed => $"[-{r.Text}-]",
        WordChange.Inserted => $"{{+{r.Text}+}}",
        _ => r.Text,
    }));

    private static string Side(IEnumerable<WordRun> runs, WordChange skip) => string.Concat(runs.Where(r => r.Change != skip).Select(r => r.Text));

    [Fact]
    public void One_changed_bokmal_word_is_marked_alone() =>
        Assert.Equal("Pust inn gjennom [-nesen-]{+munnen+}.", Show("Pust inn gjennom nesen.", "Pust inn gjennom munnen."));

    [Fact]
    public void A_nynorsk_rewrite_marks_each_changed_word_with_letters_like_æ_ø_and_å_kept_whole() =>
        Assert.Equal("Skriv [-hva-]{+kva+} du [-merker-]{+merkar+} når du står på [-broen-]{+brua+}.",
            Show("Skriv hva du merker når du står på broen.", "Skriv kva du merkar når du står på brua."));

    [Fact]
    public void Punctuation_is_a_token_of_its_own() =>
        Assert.Equal("Kjenn etter[-.-]{+!+} Hva merket du?", Show("Kjenn etter. Hva merket du?", "Kjenn etter! Hva merket du?"));

    [Fact]
    public void Inserted_words_in_the_middle_leave_the_rest_unmarked() =>
        Assert.Equal("Uro er {+svært +}vanlig.", Show("Uro er vanlig.", "Uro er svært vanlig."));

    [Fact]
    public void An_empty_text_before_is_all_inserted_and_an_empty_text_after_is_all_removed()
    {
        Assert.Equal("{+Ny tekst+}", Show("", "Ny tekst"));
        Assert.Equal("[-Gammel tekst-]", Show("Gammel tekst", null));
        Assert.Empty(WordDiff.Compare("", ""));
    }

    [Fact]
    public void Both_texts_can_be_read_back_from_the_runs()
    {
        const string before = "Når tankane kjem, skriv dei ned. Kva skjedde? Kven var der?";
        const string after = "Når tankene kommer, skriv dem ned: hva skjedde, og hvem var der?";
        var runs = WordDiff.Compare(before, after);
        Assert.Equal(before, Side(runs, WordChange.Inserted));
        Assert.Equal(after, Side(runs, WordChange.Removed));
    }

    [Fact]
    public void Two_small_edits_far_apart_in_a_long_text_are_found_quickly_and_marked_alone()
    {
        var words = Enumerable.Range(0, 20_000).Select(i => $"ord{i}").ToArray();
        var before = string.Join(' ', words);
        words[10] = "endra";
        words[19_990] = "endret";
        var after = string.Join(' ', words);
        var clock = Stopwatch.StartNew();
        var runs = WordDiff.Compare(before, after);
        clock.Stop();
        Assert.Equal(["ord10", "ord19990"], runs.Where(r => r.Change == WordChange.Removed).Select(r => r.Text));
        Assert.Equal(["endra", "endret"], runs.Where(r => r.Change == WordChange.Inserted).Select(r => r.Text));
        Assert.True(clock.ElapsedMilliseconds < 1_000, $"took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public void Two_long_texts_with_nothing_in_common_are_shown_whole_without_unbounded_work()
    {
        var before = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"a{i}"));
        var after = string.Join(' ', Enumerable.Range(0, 5_000).Select(i => $"b{i}"));
        var clock = Stopwatch.StartNew();
        var runs = WordDiff.Compare(before, after);
        clock.Stop();
        Assert.Equal([WordChange.Removed, WordChange.Inserted], runs.Select(r => r.Change));
        Assert.Equal(before, runs[0].Text);
        Assert.Equal(after, runs[1].Text);
        Assert.True(clock.ElapsedMilliseconds < 2_000, $"took {clock.ElapsedMilliseconds} ms");
    }
}
