namespace Sluice.Core.Releases.Commits;

/// <summary>A commit as read from the repository: full SHA, parent SHAs and the raw message.</summary>
internal sealed record RawCommit(string Sha, IReadOnlyList<string> Parents, string Message)
{
    public bool IsMerge => Parents.Count > 1;
}
