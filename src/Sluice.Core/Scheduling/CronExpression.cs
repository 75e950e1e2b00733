using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Sluice.Core.Scheduling;

/// <summary>
/// A five-field cron expression (<c>minute hour day-of-month month day-of-week</c>) with Vixie cron
/// semantics: <c>*</c>, lists, ranges, steps (<c>*/15</c>, <c>1-30/5</c>, <c>5/10</c> = <c>5-59/10</c>),
/// month names <c>JAN</c>-<c>DEC</c> and day names <c>SUN</c>-<c>SAT</c> (any case), day-of-week
/// 0-7 with both 0 and 7 meaning Sunday, and the macros <c>@yearly</c>, <c>@annually</c>, <c>@monthly</c>,
/// <c>@weekly</c>, <c>@daily</c>, <c>@midnight</c>, <c>@hourly</c>.
/// <para>
/// Day rule (as in Vixie cron): when day-of-month and day-of-week are both restricted, a day matches if
/// EITHER matches (<c>0 0 13 * FRI</c> is every 13th and every Friday). A field written starting with
/// <c>*</c> (<c>*</c>, <c>*/2</c>) counts as unrestricted, and then both fields must match
/// (<c>0 0 */2 * MON</c> is Mondays falling on an odd day of the month).
/// </para>
/// <para>Times are wall-clock times in the zone given to <see cref="GetNextOccurrence"/>; see
/// <see cref="LocalTimeResolver"/> for what happens to times skipped or repeated by DST.</para>
/// </summary>
public sealed class CronExpression
{
    /// <summary>How far ahead <see cref="GetNextOccurrence"/> looks before it gives up.</summary>
    public const int SearchYears = 5;

    private const string FieldList = "minute hour day-of-month month day-of-week";

    private static readonly Dictionary<string, string> Macros = new(StringComparer.OrdinalIgnoreCase)
    {
        ["@yearly"] = "0 0 1 1 *",
        ["@annually"] = "0 0 1 1 *",
        ["@monthly"] = "0 0 1 * *",
        ["@weekly"] = "0 0 * * 0",
        ["@daily"] = "0 0 * * *",
        ["@midnight"] = "0 0 * * *",
        ["@hourly"] = "0 * * * *",
    };

    // Latest wall-clock time searched, so that stepping a month or a day can never overflow DateTime.
    private static readonly DateTime LatestSearched = new(9999, 11, 30);

    private readonly ulong minutes;
    private readonly ulong hours;
    private readonly ulong daysOfMonth;
    private readonly ulong months;
    private readonly ulong daysOfWeek;
    private readonly bool dayOfMonthStar;
    private readonly bool dayOfWeekStar;

    private CronExpression(string text, ulong[] masks, bool dayOfMonthStar, bool dayOfWeekStar)
    {
        Text = text;
        (minutes, hours, daysOfMonth, months) = (masks[0], masks[1], masks[2], masks[3]);
        daysOfWeek = (masks[4] | (masks[4] >> 7)) & 0x7F; // 7 is Sunday, like 0
        this.dayOfMonthStar = dayOfMonthStar;
        this.dayOfWeekStar = dayOfWeekStar;
    }

    /// <summary>The expression as written (trimmed).</summary>
    public string Text { get; }

    public static bool TryParse(string text, [NotNullWhen(true)] out CronExpression? cron, [NotNullWhen(false)] out string? error)
    {
        cron = null;
        var trimmed = text?.Trim() ?? "";
        if (trimmed.Length == 0)
        {
            error = $"empty cron expression; expected 5 fields: {FieldList}";
            return false;
        }

        var fields = trimmed.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields[0].StartsWith('@'))
        {
            if (!TryExpandMacro(fields, out var expanded, out error))
            {
                return false;
            }

            fields = expanded.Split(' ');
        }
        else if (fields.Length != 5)
        {
            // `0 9 * * MON, FRI` splits into six fields; say what actually went wrong.
            for (var i = 0; i + 1 < fields.Length; i++)
            {
                if (fields[i].EndsWith(',') || fields[i + 1].StartsWith(','))
                {
                    error = $"lists are written without spaces: `{fields[i]} {fields[i + 1]}` should be `{fields[i]}{fields[i + 1]}`";
                    return false;
                }
            }

            error = fields.Length is 6 or 7
                ? $"{fields.Length} fields given; Sluice cron has exactly 5 fields ({FieldList}) and no seconds or year field"
                : $"{fields.Length} field{(fields.Length == 1 ? "" : "s")} given; expected 5: {FieldList}";
            return false;
        }

        var masks = new ulong[5];
        for (var i = 0; i < 5; i++)
        {
            if (!CronFieldParser.TryParse(fields[i], CronField.All[i], out masks[i], out error))
            {
                return false;
            }
        }

        cron = new CronExpression(trimmed, masks, fields[2].StartsWith('*'), fields[4].StartsWith('*'));
        error = null;
        return true;
    }

    /// <summary>Parses an expression known to be valid (tests, built-in defaults).</summary>
    public static CronExpression Parse(string text) =>
        TryParse(text, out var cron, out var error) ? cron : throw new FormatException($"invalid cron `{text}`: {error}");

    /// <summary>
    /// The first fire time strictly after <paramref name="after"/>, with times read as wall-clock times in
    /// <paramref name="zone"/> (the result carries the zone's offset at that instant); null when nothing
    /// fires within <see cref="SearchYears"/> years (<c>0 0 30 2 *</c>).
    /// </summary>
    public DateTimeOffset? GetNextOccurrence(DateTimeOffset after, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var afterLocal = LocalTimeResolver.ToLocal(after, zone);
        if (afterLocal >= LatestSearched)
        {
            return null;
        }

        var limit = afterLocal.Year <= LatestSearched.Year - SearchYears ? afterLocal.AddYears(SearchYears) : LatestSearched;
        var from = LocalTimeResolver.TruncateToMinute(afterLocal).AddMinutes(1);
        while (NextLocal(from, limit) is { } local)
        {
            // Local times can map to an instant at or before `after`: the repeated hour of a fall-back
            // (fires only on its first pass) and the minutes of a gap whose firing already happened.
            var instant = LocalTimeResolver.Resolve(local, zone);
            if (instant > after)
            {
                return instant;
            }

            from = local.AddMinutes(1);
        }

        return null;
    }

    public override string ToString() => Text;

    /// <summary>The first matching wall-clock minute at or after <paramref name="from"/>, skipping whole
    /// months, days and hours that cannot match.</summary>
    private DateTime? NextLocal(DateTime from, DateTime limit)
    {
        var t = from;
        while (t <= limit)
        {
            if ((months & (1UL << t.Month)) == 0)
            {
                var month = NextBit(months, t.Month);
                if (month < 0 && t.Year >= limit.Year)
                {
                    return null;
                }

                t = month < 0 ? new DateTime(t.Year + 1, 1, 1) : new DateTime(t.Year, month, 1);
                continue;
            }

            if (!DayMatches(t))
            {
                t = t.Date.AddDays(1);
                continue;
            }

            var hour = NextBit(hours, t.Hour);
            if (hour < 0)
            {
                t = t.Date.AddDays(1);
                continue;
            }

            var minute = hour == t.Hour ? NextBit(minutes, t.Minute) : NextBit(minutes, 0);
            if (minute < 0)
            {
                t = t.Date.AddHours(hour + 1);
                continue;
            }

            var result = t.Date.AddHours(hour).AddMinutes(minute);
            return result <= limit ? result : null;
        }

        return null;
    }

    private bool DayMatches(DateTime day)
    {
        var dom = (daysOfMonth & (1UL << day.Day)) != 0;
        var dow = (daysOfWeek & (1UL << (int)day.DayOfWeek)) != 0;
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
    }

    /// <summary>The smallest set bit at or above <paramref name="from"/>, or -1.</summary>
    private static int NextBit(ulong mask, int from)
    {
        if (from > 63)
        {
            return -1;
        }

        var rest = mask >> from;
        return rest == 0 ? -1 : from + BitOperations.TrailingZeroCount(rest);
    }

    private static bool TryExpandMacro(string[] fields, [NotNullWhen(true)] out string? expanded, [NotNullWhen(false)] out string? error)
    {
        expanded = null;
        var macro = fields[0];
        if (string.Equals(macro, "@reboot", StringComparison.OrdinalIgnoreCase))
        {
            error = "`@reboot` is not supported: schedules fire at times of day, not when a machine starts";
            return false;
        }

        if (!Macros.TryGetValue(macro, out expanded))
        {
            error = $"unknown macro `{macro}`; use @yearly, @annually, @monthly, @weekly, @daily, @midnight or @hourly";
            return false;
        }

        if (fields.Length > 1)
        {
            expanded = null;
            error = $"`{macro}` stands for a whole expression and takes no fields after it";
            return false;
        }

        error = null;
        return true;
    }
}
