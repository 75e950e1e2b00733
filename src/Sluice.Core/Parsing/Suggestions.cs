namespace Sluice.Core.Parsing;

/// <summary>"Did you mean" hints by edit distance.</summary>
internal static class Suggestions
{
    public static string? DidYouMean(string input, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(input.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        var limit = Math.Max(1, Math.Min(3, input.Length / 3));
        return best is not null && (bestDistance <= limit || best.StartsWith(input, StringComparison.OrdinalIgnoreCase) || input.StartsWith(best, StringComparison.OrdinalIgnoreCase))
            ? best
            : null;
    }

    public static int Distance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
