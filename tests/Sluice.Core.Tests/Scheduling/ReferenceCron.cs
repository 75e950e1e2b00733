using System.Globalization;
using System.Text;

namespace Sluice.Core.Tests.Scheduling;

/// <summary>
/// A deliberately naive cron used as the oracle of the property tests. It is built from a random field
/// structure (not by parsing text), renders that structure as cron text for the real parser, and finds
/// fire times by testing every minute in turn.
/// </summary>
internal sealed class ReferenceCron
{
    private static readonly string[] MonthNames = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];
    private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

    private readonly bool[][] allowed;
    private readonly bool dayOfMonthStar;
    private readonly bool dayOfWeekStar;

    private ReferenceCron(string text, bool[][] allowed, bool dayOfMonthStar, bool dayOfWeekStar)
    {
        Text = text;
        this.allowed = allowed;
        this.dayOfMonthStar = dayOfMonthStar;
        this.dayOfWeekStar = dayOfWeekStar;
    }

    public string Text { get; }

    /// <summary>
    /// A random expression. <paramref name="nearNight"/> aims at DST transitions: hours drawn from 0-4,
    /// every month, and mostly every day, so that most expressions fire within days.
    /// </summary>
    public static ReferenceCron Random(Random random, bool nearNight = false)
    {
        var ranges = new (int Min, int Max, string[]? Names, int NameBase)[]
        {
            (0, 59, null, 0), (0, 23, null, 0), (1, 31, null, 0), (1, 12, MonthNames, 1), (0, 7, DayNames, 0),
        };
        var texts = new string[5];
        var allowed = new bool[5][];
        var stars = new bool[5];
        for (var f = 0; f < 5; f++)
        {
            var (min, max, names, nameBase) = ranges[f];
            if (f == 1 && nearNight)
            {
                max = 4;
            }

            allowed[f] = new bool[ranges[f].Max + 1];
            var items = new List<string>();
            if (nearNight && (f == 3 || (f == 2 && random.Next(5) > 0)))
            {
                Array.Fill(allowed[f], true);
                texts[f] = "*";
                stars[f] = true;
                continue;
            }

            var count = random.Next(10) < 7 ? 1 : random.Next(2, 4);
            for (var i = 0; i < count; i++)
            {
                items.Add(RandomItem(random, min, max, names, nameBase, ranges[f].Max, allowed[f]));
            }

            texts[f] = string.Join(',', items);
            stars[f] = texts[f].StartsWith('*');
        }

        // Day-of-week 7 is Sunday.
        allowed[4][0] |= allowed[4][7];
        return new ReferenceCron(string.Join(' ', texts), allowed, stars[2], stars[4]);
    }

    /// <summary>Whether wall-clock minute <paramref name="t"/> matches.</summary>
    public bool Matches(DateTime t) =>
        allowed[0][t.Minute] && allowed[1][t.Hour] && allowed[3][t.Month] && DayMatches(t);

    /// <summary>
    /// The first matching minute after <paramref name="after"/>, in UTC, testing every minute in turn
    /// (days that cannot match are passed over whole, to keep 5-year scans fast).
    /// </summary>
    public DateTimeOffset? NextUtc(DateTimeOffset after)
    {
        var start = after.UtcDateTime;
        var limit = start.AddYears(5);
        var first = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerMinute)).AddMinutes(1);
        var minuteOfDay = (int)(first - first.Date).TotalMinutes;
        for (var day = first.Date; day <= limit; day = day.AddDays(1), minuteOfDay = 0)
        {
            if (!allowed[3][day.Month] || !DayMatches(day))
            {
                continue; // no minute of this day can match
            }

            for (; minuteOfDay < 24 * 60; minuteOfDay++)
            {
                if (allowed[1][minuteOfDay / 60] && allowed[0][minuteOfDay % 60])
                {
                    var t = day.AddMinutes(minuteOfDay);
                    return t <= limit ? new DateTimeOffset(t, TimeSpan.Zero) : null;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The first fire after <paramref name="after"/> in a zone with DST, derived from instants rather than
    /// wall-clock times: walk real minutes; a minute in the second pass of a repeated hour never fires;
    /// the first minute after a gap fires if it or any wall-clock minute the gap skipped matches.
    /// </summary>
    public DateTimeOffset? NextInZone(DateTimeOffset after, TimeZoneInfo zone, TimeSpan horizon)
    {
        var start = after.UtcDateTime;
        var u = new DateTime(start.Ticks - (start.Ticks % TimeSpan.TicksPerMinute), DateTimeKind.Utc).AddMinutes(1);
        for (var end = start + horizon; u <= end; u = u.AddMinutes(1))
        {
            var local = Local(u, zone);
            var secondPass = zone.IsAmbiguousTime(local) && zone.GetUtcOffset(u) < zone.GetAmbiguousTimeOffsets(local).Max();
            if (secondPass)
            {
                continue;
            }

            var previous = Local(u.AddMinutes(-1), zone);
            var skippedMatch = false;
            for (var m = previous.AddMinutes(1); m < local && !skippedMatch; m = m.AddMinutes(1))
            {
                skippedMatch = Matches(m);
            }

            if (skippedMatch || Matches(local))
            {
                return new DateTimeOffset(u);
            }
        }

        return null;
    }

    private static DateTime Local(DateTime utc, TimeZoneInfo zone) =>
        DateTime.SpecifyKind(utc + zone.GetUtcOffset(utc), DateTimeKind.Unspecified);

    private bool DayMatches(DateTime t)
    {
        var dom = allowed[2][t.Day];
        var dow = allowed[4][(int)t.DayOfWeek];
        return dayOfMonthStar || dayOfWeekStar ? dom && dow : dom || dow;
    }

    private static string RandomItem(Random random, int min, int max, string[]? names, int nameBase, int fieldMax, bool[] allowed)
    {
        var kind = random.Next(6);
        int low, high, step = 1;
        string text;
        switch (kind)
        {
            case 0:
                (low, high, text) = (min, fieldMax, "*");
                break;
            case 1:
                step = random.Next(1, fieldMax + 1);
                (low, high, text) = (min, fieldMax, "*/" + Num(step));
                break;
            case 2:
                low = high = random.Next(min, max + 1);
                text = Value(random, low, names, nameBase);
                break;
            case 3:
                low = random.Next(min, max + 1);
                high = random.Next(low, max + 1);
                text = Value(random, low, names, nameBase) + "-" + Value(random, high, names, nameBase);
                break;
            case 4:
                low = random.Next(min, max + 1);
                high = random.Next(low, max + 1);
                step = random.Next(1, fieldMax + 1);
                text = Value(random, low, names, nameBase) + "-" + Value(random, high, names, nameBase) + "/" + Num(step);
                break;
            default:
                low = random.Next(min, max + 1);
                high = fieldMax;
                step = random.Next(1, fieldMax + 1);
                text = Value(random, low, names, nameBase) + "/" + Num(step);
                break;
        }

        for (var v = low; v <= high; v += step)
        {
            allowed[v] = true;
        }

        return text;
    }

    private static string Value(Random random, int value, string[]? names, int nameBase)
    {
        var index = value - nameBase;
        if (names is null || index < 0 || index >= names.Length || random.Next(2) == 0)
        {
            return Num(value);
        }

        var name = new StringBuilder(names[index]);
        for (var i = 0; i < name.Length; i++)
        {
            name[i] = random.Next(2) == 0 ? char.ToLowerInvariant(name[i]) : name[i];
        }

        return name.ToString();
    }

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);
}
