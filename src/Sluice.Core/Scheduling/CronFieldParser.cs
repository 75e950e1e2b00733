using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Sluice.Core.Scheduling;

/// <summary>
/// Parses the text of one cron field into a bit mask of the values it selects (bit <c>v</c> set when
/// value <c>v</c> matches). Grammar: a comma-separated list of items, each <c>*</c>, <c>v</c> or
/// <c>a-b</c>, optionally followed by <c>/step</c>; <c>v/step</c> means <c>v-max/step</c> (as in cronie).
/// Errors name the field, the offending text and what is allowed.
/// </summary>
internal static class CronFieldParser
{
    public static bool TryParse(string text, CronField field, out ulong mask, [NotNullWhen(false)] out string? error)
    {
        mask = 0;
        foreach (var item in text.Split(','))
        {
            if (item.Length == 0)
            {
                error = $"{field.Name}: empty list item in `{text}`";
                return false;
            }

            if (!TryParseItem(item, field, ref mask, out error))
            {
                return false;
            }
        }

        error = null;
        return true;
    }

    private static bool TryParseItem(string item, CronField field, ref ulong mask, [NotNullWhen(false)] out string? error)
    {
        var parts = item.Split('/');
        if (parts.Length > 2)
        {
            error = $"{field.Name}: `{item}` has more than one `/`";
            return false;
        }

        var step = 1;
        if (parts.Length == 2 && !TryParseStep(parts[1], item, field, out step, out error))
        {
            return false;
        }

        int low, high;
        var range = parts[0];
        if (range == "*")
        {
            (low, high) = (field.Min, field.Max);
        }
        else if (range.Length == 0)
        {
            error = $"{field.Name}: `{item}` needs `*` or a value before `/`";
            return false;
        }
        else
        {
            var dash = range.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!TryParseValue(range, field, out low, out error))
                {
                    return false;
                }

                // `5/10` means "from 5 to the end, every 10"; a bare `5` is just 5.
                high = parts.Length == 2 ? field.Max : low;
            }
            else
            {
                var first = range[..dash];
                var last = range[(dash + 1)..];
                if (first.Length == 0 || last.Length == 0)
                {
                    error = $"{field.Name}: `{range}` is not a valid range; write it as `a-b`, e.g. `{field.Min}-{field.Max}`";
                    return false;
                }

                if (!TryParseValue(first, field, out low, out error) || !TryParseValue(last, field, out high, out error))
                {
                    return false;
                }

                if (low > high)
                {
                    var hint = field == CronField.DayOfWeek && high == 0 ? " (Sunday may be written 7 at the end of a range, e.g. 6-7)" : "";
                    error = $"{field.Name}: range `{range}` is reversed ({low} > {high}); write the smaller value first{hint}";
                    return false;
                }
            }
        }

        for (var v = low; v <= high; v += step)
        {
            mask |= 1UL << v;
        }

        error = null;
        return true;
    }

    private static bool TryParseStep(string text, string item, CronField field, out int step, [NotNullWhen(false)] out string? error)
    {
        step = 0;
        if (text.Length == 0)
        {
            error = $"{field.Name}: `{item}` is missing the step after `/`";
            return false;
        }

        if (!IsDigits(text))
        {
            error = $"{field.Name}: step `{text}` in `{item}` is not a number";
            return false;
        }

        // A step can never usefully exceed the field's largest value; 0 would never advance.
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out step) || step < 1 || step > field.Max)
        {
            error = $"{field.Name}: step {TrimZeros(text)} in `{item}` is out of range 1-{field.Max}";
            return false;
        }

        error = null;
        return true;
    }

    private static bool TryParseValue(string token, CronField field, out int value, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (IsDigits(token))
        {
            if (!int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value) || value < field.Min || value > field.Max)
            {
                value = 0;
                error = $"{field.Name}: {TrimZeros(token)} is out of range {field.Min}-{field.Max}";
                return false;
            }

            return true;
        }

        if (field.TryResolveName(token, out value))
        {
            return true;
        }

        error = $"{field.Name}: `{token}` is not a valid value; use {field.Allowed}{UnsupportedHint(token)}";
        return false;
    }

    private static string UnsupportedHint(string token) =>
        token is "?" or "L" or "LW" || token.Contains('#', StringComparison.Ordinal) || (token.Length > 1 && token[^1] is 'L' or 'W' && IsDigits(token[..^1]))
            ? " (Quartz-style `?`, `L`, `W` and `#` are not supported)"
            : "";

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private static string TrimZeros(string digits)
    {
        var trimmed = digits.TrimStart('0');
        return trimmed.Length == 0 ? "0" : trimmed;
    }
}
