using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Cms.Feedback;

/// <summary>How a summed count reads: "12", "færre enn k", or "12 + færre enn k" when some installation had a small count.</summary>
public static class FeedbackText
{
    public static string Count(SummedCount count, IStringLocalizer s) =>
        count.OnlyHidden ? s["FeedbackFewerThanK"]
        : count.SomeHidden ? s["FeedbackPlusFewerThanK", count.Sum]
        : count.Sum.ToString(CultureInfo.CurrentCulture);
}
