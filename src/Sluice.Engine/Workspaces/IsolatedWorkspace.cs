using System.Globalization;

namespace Sluice.Engine.Workspaces;

/// <summary>
/// A clean checkout for <c>--isolated</c> runs: <c>git worktree add --detach</c> of a commit in a temporary
/// directory, removed (with its worktree registration) on dispose, whatever happened in between.
/// If the run's directory is a subdirectory of the repository (<c>-C examples/x</c>), <see cref="Path"/> is
/// the same subdirectory of the checkout.
/// </summary>
internal sealed class IsolatedWorkspace : IAsyncDisposable
{
    private readonly string repositoryRoot;
    private readonly string checkout;

    private IsolatedWorkspace(string repositoryRoot, string checkout, string path, string sha)
    {
        this.repositoryRoot = repositoryRoot;
        this.checkout = checkout;
        Path = path;
        Sha = sha;
    }

    /// <summary>The directory the jobs run in.</summary>
    public string Path { get; }

    /// <summary>The commit checked out.</summary>
    public string Sha { get; }

    public static async Task<WorkspaceResult> CreateAsync(string directory, string? revision, CancellationToken cancellationToken)
    {
        var top = await GitCommand.RunAsync(directory, cancellationToken, "rev-parse", "--show-toplevel");
        if (!top.Ok)
        {
            return WorkspaceResult.Failed($"--isolated needs a git repository: {top.Error}");
        }

        var sha = await GitCommand.RunAsync(top.Output, cancellationToken, "rev-parse", "--verify", (revision ?? "HEAD") + "^{commit}");
        if (!sha.Ok)
        {
            return WorkspaceResult.Failed($"cannot check out `{revision ?? "HEAD"}`: {sha.Error}");
        }

        var checkout = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sluice-ws-" + Guid.NewGuid().ToString("N")[..12]);
        var add = await GitCommand.RunAsync(top.Output, cancellationToken, "worktree", "add", "--detach", "--quiet", checkout, sha.Output);
        if (!add.Ok)
        {
            return WorkspaceResult.Failed($"git worktree add failed: {add.Error}");
        }

        var relative = System.IO.Path.GetRelativePath(top.Output, System.IO.Path.GetFullPath(directory));
        var path = relative == "." ? checkout : System.IO.Path.Combine(checkout, relative);
        return WorkspaceResult.Ready(new IsolatedWorkspace(top.Output, checkout, path, sha.Output));
    }

    public async ValueTask DisposeAsync()
    {
        var removed = await GitCommand.RunAsync(repositoryRoot, CancellationToken.None, "worktree", "remove", "--force", checkout);
        if (!removed.Ok && Directory.Exists(checkout))
        {
            Directory.Delete(checkout, recursive: true);
        }

        await GitCommand.RunAsync(repositoryRoot, CancellationToken.None, "worktree", "prune");
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{checkout} @ {Sha}");
}
