namespace Sluice.Core.Expressions;

/// <summary>Levenshtein distance for "did you mean" hints.</summary>
internal static class EditDistance
{
    /// <summary>Case-insensitive edit distance (insertions, deletions, substitutions).</summary>
    public static int Between(string a, string b)
    {
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            current.CopyTo(previous);
        }

        return previous[b.Length];
    }

    /// <summary>The closest candidate when it is close enough to be a likely typo (1 edit for short names, 2 otherwise).</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        if (name.Length > 64)
        {
            return null;
        }

        var limit = name.Length <= 4 ? 1 : 2;
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = Between(name, candidate);
            if (distance <= limit && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }
}
