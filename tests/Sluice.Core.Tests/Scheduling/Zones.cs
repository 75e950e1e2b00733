using System.Globalization;
using Sluice.Core.Scheduling;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>Shared helpers for schedule tests: real tz database zones and ISO-8601 instants.</summary>
internal static class Zones
{
    public static TimeZoneInfo Utc => TimeZoneInfo.Utc;

    public static TimeZoneInfo Berlin => Find("Europe/Berlin");

    public static TimeZoneInfo NewYork => Find("America/New_York");

    public static TimeZoneInfo Find(string id) =>
        TimeZones.TryFind(id, out var zone) ? zone : throw new InvalidOperationException($"tz database lacks {id}");

    /// <summary>Parses <c>2026-03-29T03:00+02:00</c>; a missing offset means UTC.</summary>
    public static DateTimeOffset At(string iso) =>
        DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public static string Iso(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture);

    /// <summary>The next <paramref name="count"/> fire times of a cron, each as <c>2026-03-29T03:00+02:00</c>.</summary>
    public static string[] Next(string cron, string after, TimeZoneInfo zone, int count)
    {
        var expression = CronExpression.Parse(cron);
        var result = new List<string>();
        var from = At(after);
        for (var i = 0; i < count; i++)
        {
            var next = expression.GetNextOccurrence(from, zone);
            if (next is null)
            {
                break;
            }

            result.Add(Iso(next.Value));
            from = next.Value;
        }

        return [.. result];
    }
}
