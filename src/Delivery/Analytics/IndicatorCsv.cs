using System.Globalization;
using System.Text;

namespace ContentPlatform.Delivery.Analytics;

/// <summary>
/// The report as one long CSV table (section, indicator, value, n): easy to pivot in a spreadsheet. A suppressed cell
/// reads "suppressed" with no n, exactly as on the page.
/// </summary>
public static class IndicatorCsv
{
    public static byte[] Write(IndicatorReport r)
    {
        var sb = new StringBuilder();
        Csv.Line(sb, ["scope", "from", "to", "k", "section", "indicator", "value", "n"]);
        void Row(string section, string key, Cell cell) => Csv.Line(sb,
        [
            r.Scope, Date(r.From), Date(r.To), Num(r.K), section, key,
            cell.Suppressed ? "suppressed" : cell.Value is { } v ? v.ToString(CultureInfo.InvariantCulture) : "",
            cell.Suppressed ? "" : Num(cell.N),
        ]);
        foreach (var key in Indicators.Order)
        {
            Row("summary", key, r[key]);
        }
        foreach (var step in r.Funnel)
        {
            Row("funnel_reached", step.ModuleId, step.Reached);
            Row("funnel_completed", step.ModuleId, step.Completed);
        }
        foreach (var t in r.ModuleTimes)
        {
            Row("median_days_per_module", t.ModuleId, t.MedianDays);
        }
        foreach (var s in r.Scores)
        {
            Row("score_change", $"{s.QuestionnaireId}:patients", s.Patients);
            Row("score_change", $"{s.QuestionnaireId}:mean_change", s.MeanChange);
            for (var i = 0; i < s.Distribution.Count; i++)
            {
                Row("score_change_distribution", $"{s.QuestionnaireId}:{ScoreChange.Bins[i]}", s.Distribution[i]);
            }
            Row("traffic_light", $"{s.QuestionnaireId}:from_red_or_yellow", s.FromRedOrYellow);
            Row("traffic_light", $"{s.QuestionnaireId}:to_green", s.ToGreen);
            Row("traffic_light", $"{s.QuestionnaireId}:share_to_green_percent", s.ShareToGreen);
        }
        foreach (var p in r.Trend)
        {
            Row($"trend_{r.Bucket.ToString().ToLowerInvariant()}_new_enrollments", Date(p.Start), p.NewEnrollments);
            Row($"trend_{r.Bucket.ToString().ToLowerInvariant()}_active_patients", Date(p.Start), p.ActivePatients);
            Row($"trend_{r.Bucket.ToString().ToLowerInvariant()}_modules_completed", Date(p.Start), p.ModulesCompleted);
        }
        // A byte-order mark so Excel in Norwegian locales reads æøå correctly.
        return [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(sb.ToString())];
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Num(int n) => n.ToString(CultureInfo.InvariantCulture);
}
