namespace Sluice.Core.Releases.Commits;

/// <summary>
/// Drops reverted pairs from a release range: a revert whose target is also in the range cancels it, and both
/// leave the changelog and the bump. Targets are found by SHA (full or abbreviated, from "This reverts commit ..."
/// or a <c>Refs:</c> footer) and otherwise by the reverted header (the nearest older commit with that header).
/// Commits are walked newest first, so a revert of a revert cancels the first revert and the original change
/// stays. A revert whose target lies before the range stays, listed under "Reverts".
/// </summary>
internal static class RevertPairing
{
    /// <param name="newestFirst">Commits as history lists them, newest first.</param>
    /// <returns>The surviving commits, newest first, and the SHAs that were dropped.</returns>
    public static (IReadOnlyList<ConventionalCommit> Kept, IReadOnlyList<string> Dropped) Apply(IReadOnlyList<ConventionalCommit> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        if (!newestFirst.Any(c => c.IsRevert))
        {
            return (newestFirst, []);
        }

        // Index only the commits some revert asks for: ranges are long, reverts are few.
        var wantedShas = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var wantedHeaders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in newestFirst)
        {
            if (c.RevertsSha is { } sha)
            {
                wantedShas.Add(sha);
            }
            else if (c.RevertsHeader is { } header)
            {
                wantedHeaders.Add(header);
            }
        }

        var bySha = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var byHeader = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < newestFirst.Count; i++)
        {
            if (wantedShas.Contains(newestFirst[i].Sha))
            {
                bySha[newestFirst[i].Sha] = i;
            }

            if (wantedHeaders.Contains(newestFirst[i].Header))
            {
                if (!byHeader.TryGetValue(newestFirst[i].Header, out var list))
                {
                    byHeader[newestFirst[i].Header] = list = [];
                }

                list.Add(i);
            }
        }

        var alive = new bool[newestFirst.Count];
        Array.Fill(alive, true);
        for (var i = 0; i < newestFirst.Count; i++)
        {
            if (!alive[i] || !newestFirst[i].IsRevert)
            {
                continue;
            }

            var target = FindTarget(newestFirst[i], i, newestFirst, alive, bySha, byHeader);
            if (target >= 0)
            {
                alive[i] = false;
                alive[target] = false;
            }
        }

        var kept = new List<ConventionalCommit>(newestFirst.Count);
        var dropped = new List<string>();
        for (var i = 0; i < newestFirst.Count; i++)
        {
            if (alive[i])
            {
                kept.Add(newestFirst[i]);
            }
            else
            {
                dropped.Add(newestFirst[i].Sha);
            }
        }

        return (kept, dropped);
    }

    private static int FindTarget(
        ConventionalCommit revert,
        int index,
        IReadOnlyList<ConventionalCommit> commits,
        bool[] alive,
        Dictionary<string, int> bySha,
        Dictionary<string, List<int>> byHeader)
    {
        if (revert.RevertsSha is { } sha)
        {
            if (bySha.TryGetValue(sha, out var exact))
            {
                return exact > index && alive[exact] ? exact : -1;
            }

            if (sha.Length < 40)
            {
                for (var j = index + 1; j < commits.Count; j++)
                {
                    if (alive[j] && commits[j].Sha.StartsWith(sha, StringComparison.OrdinalIgnoreCase))
                    {
                        return j;
                    }
                }
            }

            // A SHA naming a commit outside the range: the revert undoes something already released.
            return -1;
        }

        if (revert.RevertsHeader is { } header && byHeader.TryGetValue(header, out var candidates))
        {
            foreach (var j in candidates)
            {
                if (j > index && alive[j])
                {
                    return j;
                }
            }
        }

        return -1;
    }
}
