using System.Globalization;

namespace Sluice.Core.Time;

/// <summary>
/// Durations as written in pipeline files: one or more <c>&lt;integer&gt;&lt;unit&gt;</c> parts, largest unit
/// first, with units <c>ms</c>, <c>s</c>, <c>m</c>, <c>h</c>, <c>d</c>, <c>w</c> (<c>90s</c>, <c>10m</c>,
/// <c>1h30m</c>, <c>7d</c>, <c>2w</c>). A bare integer is rejected: the unit is never guessed.
/// </summary>
public static class Duration
{
    public static bool TryParse(string? text, out TimeSpan value, out string? error)
    {
        value = TimeSpan.Zero;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "empty duration";
            return false;
        }

        var s = text.Trim();
        var i = 0;
        var lastRank = int.MaxValue;
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
                error = $"expected a number at `{s[start..]}`";
                return false;
            }

            if (!long.TryParse(s.AsSpan(start, i - start), NumberStyles.None, CultureInfo.InvariantCulture, out var amount) || amount > 1_000_000)
            {
                error = "number too large";
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            var unit = s[unitStart..i];
            var (ms, rank) = unit switch
            {
                "ms" => (1L, 0),
                "s" => (1000L, 1),
                "m" => (60_000L, 2),
                "h" => (3_600_000L, 3),
                "d" => (86_400_000L, 4),
                "w" => (604_800_000L, 5),
                "" => (0L, -1),
                _ => (0L, -2),
            };
            if (rank == -1)
            {
                error = $"`{text}` has no unit; write e.g. `{amount}s`, `{amount}m` or `{amount}h`";
                return false;
            }

            if (rank == -2)
            {
                error = $"unknown unit `{unit}`; use ms, s, m, h, d or w";
                return false;
            }

            if (rank >= lastRank)
            {
                error = "units must go from largest to smallest, each once (e.g. `1h30m`)";
                return false;
            }

            lastRank = rank;
            totalMs += amount * ms;
        }

        value = TimeSpan.FromMilliseconds(totalMs);
        return true;
    }

    /// <summary>Short, round-trippable text: <c>1h30m</c>, <c>90s</c> becomes <c>1m30s</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        var ms = (long)value.TotalMilliseconds;
        foreach (var (unit, size) in new[] { ("w", 604_800_000L), ("d", 86_400_000L), ("h", 3_600_000L), ("m", 60_000L), ("s", 1000L), ("ms", 1L) })
        {
            if (ms >= size)
            {
                parts.Add((ms / size).ToString(CultureInfo.InvariantCulture) + unit);
                ms %= size;
            }
        }

        return string.Concat(parts);
    }
}
