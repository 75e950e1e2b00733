namespace Sluice.Core.Releases.Commits;

/// <summary>
/// Drops reverted pairs from a release range: a revert whose target is also in the range cancels it, and both
/// leave the changelog and the bump. Targets are found by SHA (full or abbreviated, from "This reverts commit ..."
/// or a <c>Refs:</c> footer) and otherwise by the reverted header. Commits are walked oldest first so a revert of a
/// revert cancels the first revert and leaves the original change in place. A revert whose target lies before the
/// range stays, listed under "Reverts".
/// </summary>
internal static class RevertPairing
{
    /// <param name="newestFirst">Commits as history lists them, newest first.</param>
    /// <returns>The surviving commits, newest first, and the SHAs that were dropped.</returns>
    public static (IReadOnlyList<ConventionalCommit> Kept, IReadOnlyList<string> Dropped) Apply(IReadOnlyList<ConventionalCommit> newestFirst)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        var hasRevert = false;
        foreach (var c in newestFirst)
        {
            hasRevert |= c.IsRevert;
        }

        if (!hasRevert)
        {
            return (newestFirst, []);
        }

        var alive = new bool[newestFirst.Count];
        Array.Fill(alive, true);
        var byHeader = new Dictionary<string, Stack<int>>(StringComparer.Ordinal);
        var bySha = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = newestFirst.Count - 1; i >= 0; i--)
        {
            var commit = newestFirst[i];
            var target = commit.IsRevert ? FindTarget(commit, newestFirst, alive, byHeader, bySha) : -1;
            if (target >= 0)
            {
                alive[target] = false;
                alive[i] = false;
                continue;
            }

            bySha[commit.Sha] = i;
            if (!byHeader.TryGetValue(commit.Header, out var stack))
            {
                byHeader[commit.Header] = stack = new Stack<int>();
            }

            stack.Push(i);
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
        IReadOnlyList<ConventionalCommit> commits,
        bool[] alive,
        Dictionary<string, Stack<int>> byHeader,
        Dictionary<string, int> bySha)
    {
        if (revert.RevertsSha is { } sha)
        {
            if (bySha.TryGetValue(sha, out var exact) && alive[exact])
            {
                return exact;
            }

            if (sha.Length < 40)
            {
                foreach (var (full, index) in bySha)
                {
                    if (alive[index] && full.StartsWith(sha, StringComparison.OrdinalIgnoreCase))
                    {
                        return index;
                    }
                }
            }

            // A SHA that names a commit outside the range: the revert undoes something already released.
            return -1;
        }

        if (revert.RevertsHeader is { } header && byHeader.TryGetValue(header, out var stack))
        {
            while (stack.Count > 0)
            {
                var candidate = stack.Pop();
                if (alive[candidate] && commits[candidate].Sha != revert.Sha)
                {
                    return candidate;
                }
            }
        }

        return -1;
    }
}
