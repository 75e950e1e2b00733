using System.Globalization;

namespace Sluice.Core.Releases.Sprints;

/// <summary>
/// Sprint numbers and branch names. Sprint 1 starts at 00:00 UTC on the start date; sprint N covers
/// <c>[start + (N-1)·cadence, start + N·cadence)</c>. Branch names come from a template with <c>{n}</c> (<c>s{n}</c>).
/// </summary>
internal static class SprintCalendar
{
    /// <summary>The sprint running at <paramref name="now"/>, or 0 before the first sprint starts.</summary>
    public static int NumberAt(DateOnly start, TimeSpan cadence, DateTimeOffset now)
    {
        if (cadence <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(cadence), "cadence must be positive");
        }

        var origin = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var elapsed = now.ToUniversalTime() - origin;
        return elapsed < TimeSpan.Zero ? 0 : (int)(elapsed.Ticks / cadence.Ticks) + 1;
    }

    /// <summary>The first day of sprint <paramref name="number"/>.</summary>
    public static DateOnly StartOf(DateOnly start, TimeSpan cadence, int number) =>
        DateOnly.FromDateTime(start.ToDateTime(TimeOnly.MinValue) + (cadence * (number - 1)));

    public static string BranchName(string template, int number)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Fill(template, number);
    }

    /// <summary>Replaces <c>{n}</c> and <c>{previous}</c> (n − 1) in a template.</summary>
    public static string Fill(string template, int number)
    {
        ArgumentNullException.ThrowIfNull(template);
        return template
            .Replace("{n}", number.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{previous}", (number - 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The sprint number a branch name stands for under <paramref name="template"/>, or null.</summary>
    public static int? ParseBranch(string template, string branch)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(branch);
        var at = template.IndexOf("{n}", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var prefix = template[..at];
        var suffix = template[(at + 3)..];
        if (branch.Length <= prefix.Length + suffix.Length || !branch.StartsWith(prefix, StringComparison.Ordinal) || !branch.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var digits = branch[prefix.Length..^suffix.Length];
        return digits.Length <= 6 && digits.All(char.IsAsciiDigit) && digits[0] != '0'
            ? int.Parse(digits, CultureInfo.InvariantCulture)
            : null;
    }

    /// <summary>The fixed part of a branch template before <c>{n}</c>, used to list candidate branches in one call.</summary>
    public static string BranchPrefix(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        var at = template.IndexOf("{n}", StringComparison.Ordinal);
        return at < 0 ? template : template[..at];
    }
}
