namespace Sluice.Engine.Workspaces;

/// <summary>The repository around a directory: its top level, current branch (null when detached) and HEAD commit (null before the first commit).</summary>
internal sealed record GitHead(string Root, string? Branch, string? Sha)
{
    /// <summary>Null when <paramref name="directory"/> is not inside a git repository.</summary>
    public static async Task<GitHead?> ReadAsync(string directory, CancellationToken cancellationToken)
    {
        var top = await GitCommand.RunAsync(directory, cancellationToken, "rev-parse", "--show-toplevel");
        if (!top.Ok)
        {
            return null;
        }

        var branch = await GitCommand.RunAsync(directory, cancellationToken, "symbolic-ref", "--quiet", "--short", "HEAD");
        var sha = await GitCommand.RunAsync(directory, cancellationToken, "rev-parse", "--verify", "--quiet", "HEAD");
        return new GitHead(top.Output, branch.Ok ? branch.Output : null, sha.Ok ? sha.Output : null);
    }
}
