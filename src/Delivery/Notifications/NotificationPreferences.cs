using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ContentPlatform.Delivery.Notifications;

/// <summary>
/// A patient's own choice of channels and quiet hours (one row per patient, written when they save /my/settings). Until
/// then the program's <c>Reminders</c> defaults apply. In-app notices are always on.
/// </summary>
public sealed class NotificationPreferences
{
    public required string PatientId { get; init; }
    public bool Email { get; set; }
    public bool Sms { get; set; }

    /// <summary>A Norwegian mobile number in E.164 form (+47 and 8 digits starting with 4 or 9), or null.</summary>
    public string? Phone { get; set; }

    /// <summary>Quiet hours in Europe/Oslo: from this hour (0–23) until <see cref="QuietUntilHour"/>; equal means none.</summary>
    public int QuietFromHour { get; set; }

    public int QuietUntilHour { get; set; }
}

/// <summary>Norwegian mobile numbers: 8 digits starting with 4 or 9, optionally after +47 / 0047, spaces allowed.</summary>
public static partial class NorwegianMobile
{
    /// <summary>"+47 912 34 567" → "+4791234567"; null when it is not a Norwegian mobile number.</summary>
    public static string? Normalize(string? input)
    {
        var digits = Regex.Replace(input ?? "", @"[\s\-.()]", "");
        if (digits.StartsWith("+47", StringComparison.Ordinal))
        {
            digits = digits[3..];
        }
        else if (digits.StartsWith("0047", StringComparison.Ordinal))
        {
            digits = digits[4..];
        }
        return Mobile().IsMatch(digits) ? "+47" + digits : null;
    }

    [GeneratedRegex("^[49][0-9]{7}$")]
    private static partial Regex Mobile();
}

internal sealed class NotificationPreferencesConfiguration : IEntityTypeConfiguration<NotificationPreferences>
{
    public void Configure(EntityTypeBuilder<NotificationPreferences> builder)
    {
        builder.ToTable("NotificationPreferences");
        builder.HasKey(p => p.PatientId);
        builder.Property(p => p.PatientId).HasMaxLength(450);
        builder.Property(p => p.Phone).HasMaxLength(16);
    }
}
