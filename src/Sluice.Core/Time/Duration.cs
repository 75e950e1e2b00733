using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sluice.Core.Time;

/// <summary>
/// Durations as written in pipeline files: one or more <c>&lt;integer&gt;&lt;unit&gt;</c> parts, largest unit
/// first, with units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, <c>w</c> (<c>90s</c>, <c>10m</c>,
/// <c>1h30m</c>, <c>7d</c>, <c>2w</c>). A bare integer is rejected: the unit is never guessed.
/// Units are lowercase and each appears at most once; parts are written without spaces; numbers are
/// whole (at most 1,000,000 per part) and not signed. Surrounding whitespace is ignored. A day is
/// 24 hours and a week 7 days: a duration is elapsed time, not calendar time.
/// </summary>
public static class Duration
{
    private const long MaxAmount = 1_000_000;

    private static readonly (string Unit, long Milliseconds)[] Units =
        [("w", 604_800_000L), ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L), ("ms", 1L)];

    public static bool TryParse(string? text, out TimeSpan value, [NotNullWhen(false)] out string? error)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration; write e.g. `90s`, `10m` or `1h30m`";
            return false;
        }

        var s = text.Trim();
        var i = 0;
        var lastRank = -1; // index into Units, which run from largest to smallest
        long totalMs = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            if (i == start)
            {
                error = Unexpected(s, i);
                return false;
            }

            var digits = s[start..i];
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > MaxAmount)
            {
                error = $"`{digits.TrimStart('0')}` is too large; a part may be at most {MaxAmount}";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            if (unit.Length == 0)
            {
                error = i < s.Length ? Unexpected(s, i)
                    : start == 0 ? $"`{s}` has no unit; write e.g. `{amount}s`, `{amount}m` or `{amount}h`"
                    : $"`{s}` ends in a number without a unit; write e.g. `{s}m`";
                return false;
            }

            var rank = Array.FindIndex(Units, u => u.Unit == unit);
            if (rank < 0)
            {
                error = $"unknown unit `{unit}` in `{s}`; use ms, s, m, h, d or w";
                return false;
            }

            if (rank <= lastRank)
            {
                error = $"`{s}`: units must go from largest to smallest, each once (e.g. `1h30m`)";
                return false;
            }

            lastRank = rank;
            totalMs += amount * Units[rank].Milliseconds;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        error = null;
        return true;
    }

    /// <summary>
    /// Short, round-trippable text: <c>1h30m</c>; <c>90s</c> becomes <c>1m30s</c>; zero is <c>0s</c>.
    /// Parts smaller than a millisecond are dropped. Negative values have no text form and throw. The text
    /// parses back to the same value for anything under a million weeks.
    /// </summary>
    public static string Format(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
        var ms = value.Ticks / TimeSpan.TicksPerMillisecond;
        if (ms == 0)
        {
            return "0s";
        }

        var parts = new List<string>();
        foreach (var (unit, size) in Units)
        {
            if (ms >= size)
            {
                parts.Add((ms / size).ToString(CultureInfo.InvariantCulture) + unit);
                ms %= size;
            }
        }

        return string.Concat(parts);
    }

    private static string Unexpected(string s, int i) => s[i] switch
    {
        ' ' or '\t' => $"`{s}` contains a space; write the parts together, e.g. `1h30m`",
        '.' or ',' => $"`{s}` is not a whole number; use a smaller unit instead, e.g. `1h30m` for 1.5 hours",
        '-' or '+' => $"`{s}`: a duration has no sign",
        _ => $"unexpected `{s[i]}` at position {i + 1} in `{s}`; a duration is e.g. `90s`, `10m` or `1h30m`",
    };
}
