using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>The words of one notification in one language, ready for a channel.</summary>
public sealed record NotificationText(string Subject, string MailBody, string Sms, string Notice, string Link);

/// <summary>
/// Writes notification texts from the kind alone: the service name, a fixed sentence per kind ("Du har noko nytt å sjå
/// på") and a link to the site's root or the program page. Never a module or program title (a title such as "Mestring av
/// depresjon" reveals a diagnosis to whoever sees the phone's lock screen), never a message or an answer: the inputs
/// here cannot carry them (docs/security.md, "Notifications").
/// </summary>
public sealed class NotificationTexts(IStringLocalizer<SharedResource> s)
{
    public NotificationText For(string kind, Guid enrollmentId, string culture, string baseUrl)
    {
        var path = kind == NotificationKinds.ProgramEnd ? $"/my/{enrollmentId}" : "/";
        var link = baseUrl.TrimEnd('/') + path;
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture is "nn" ? "nn" : "nb");
            var service = s["AppName"].Value;
            var sentence = s[$"Notify_{kind}"] is { ResourceNotFound: false } known ? known.Value : s["Notify_generic"].Value;
            return new(s["NotifyMailSubject", service], s["NotifyMailBody", service, sentence, link], s["NotifySms", service, sentence, link],
                sentence, path);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
