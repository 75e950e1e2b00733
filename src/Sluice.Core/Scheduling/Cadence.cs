using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sluice.Core.Time;

namespace Sluice.Core.Scheduling;

/// <summary>
/// A fixed cadence such as <c>every: 2w</c> from <c>start: 2026-01-05T09:00</c>: occurrences are
/// <c>start + k * interval</c> for k = 0, 1, 2, ... computed on the wall clock of the schedule's zone, so a
/// biweekly Monday 09:00 stays at 09:00 across DST changes (the real time between two occurrences is then
/// an hour more or less). Occurrences skipped or repeated by DST follow <see cref="LocalTimeResolver"/>.
/// Nothing fires before <see cref="Start"/>.
/// </summary>
internal sealed class Cadence
{
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(1);

    private Cadence(TimeSpan interval, DateTime start)
    {
        Interval = interval;
        Start = start;
    }

    public TimeSpan Interval { get; }

    /// <summary>The first occurrence, as a wall-clock time (its <see cref="DateTime.Kind"/> is ignored).</summary>
    public DateTime Start { get; }

    public static bool TryCreate(TimeSpan interval, DateTime start, [NotNullWhen(true)] out Cadence? cadence, [NotNullWhen(false)] out string? error)
    {
        cadence = null;
        if (interval < MinimumInterval)
        {
            error = $"every: {(interval <= TimeSpan.Zero ? "the interval must be positive" : "the interval must be at least 1m")}, got `{FormatInterval(interval)}`";
            return false;
        }

        cadence = new Cadence(interval, DateTime.SpecifyKind(start, DateTimeKind.Unspecified));
        error = null;
        return true;
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, with the zone's offset at that instant;
    /// null only when it would lie beyond the year 9999.
    /// </summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var afterLocal = LocalTimeResolver.ToLocal(after, zone);

        // Jump straight to the last occurrence at or before `after` on the wall clock; the loop then only
        // steps over occurrences whose instant is still not later than `after` (the DST cases).
        var k = afterLocal > Start ? (afterLocal - Start).Ticks / Interval.Ticks : 0;
        for (; ; k++)
        {
            if (k > (DateTime.MaxValue.Ticks - TimeSpan.TicksPerDay - Start.Ticks) / Interval.Ticks)
            {
                return null;
            }

            var instant = LocalTimeResolver.Resolve(Start.AddTicks(k * Interval.Ticks), zone);
            if (instant > after)
            {
                return instant;
            }
        }
    }

    /// <summary>E.g. <c>every 2w from 2026-01-05 09:00</c>.</summary>
    public override string ToString() =>
        $"every {Duration.Format(Interval)} from {Start.ToString(Start.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}";

    private static string FormatInterval(TimeSpan interval) =>
        interval < TimeSpan.Zero ? "-" + Duration.Format(interval.Negate()) : Duration.Format(interval);
}
