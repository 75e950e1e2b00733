using System.Globalization;
using Sluice.Engine.Git;

namespace Sluice.Engine.Workspaces;

/// <summary>
/// A clean checkout for <c>--isolated</c> runs: <c>git worktree add --detach</c> of a commit in a temporary
/// directory, removed (with its worktree registration) on dispose, whatever happened in between.
/// If the run's directory is a subdirectory of the repository (<c>-C examples/x</c>), <see cref="Path"/> is
/// the same subdirectory of the checkout.
/// </summary>
internal sealed class IsolatedWorkspace : IAsyncDisposable
{
    private readonly GitCli git;
    private readonly string checkout;

    private IsolatedWorkspace(GitCli git, string checkout, string path, string sha)
    {
        this.git = git;
        this.checkout = checkout;
        Path = path;
        Sha = sha;
    }

    /// <summary>The directory the jobs run in.</summary>
    public string Path { get; }

    /// <summary>The commit checked out.</summary>
    public string Sha { get; }

    /// <summary>The checkout's root directory.</summary>
    public string Checkout => checkout;

    public static async Task<WorkspaceResult> CreateAsync(string directory, string? revision, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(directory))
        {
            return WorkspaceResult.Failed($"no such directory: {directory}");
        }

        var top = await new GitCli(directory).RunAsync(["rev-parse", "--show-toplevel"], cancellationToken);
        if (!top.Ok)
        {
            return WorkspaceResult.Failed($"--isolated needs a git repository: {top.Error.Trim()}");
        }

        var git = new GitCli(top.Output.Trim());
        var sha = await git.RunAsync(["rev-parse", "--verify", "--quiet", (revision ?? "HEAD") + "^{commit}"], cancellationToken);
        if (!sha.Ok)
        {
            return WorkspaceResult.Failed($"cannot check out `{revision ?? "HEAD"}`: no such commit");
        }

        var checkout = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sluice-ws-" + Guid.NewGuid().ToString("N")[..12]);
        var add = await git.RunAsync(["worktree", "add", "--detach", "--quiet", checkout, sha.Output.Trim()], cancellationToken);
        if (!add.Ok)
        {
            return WorkspaceResult.Failed($"git worktree add failed: {add.Error.Trim()}");
        }

        var relative = System.IO.Path.GetRelativePath(git.WorkingDirectory, System.IO.Path.GetFullPath(directory));
        var path = relative == "." ? checkout : System.IO.Path.Combine(checkout, relative);
        return WorkspaceResult.Ready(new IsolatedWorkspace(git, checkout, path, sha.Output.Trim()));
    }

    public async ValueTask DisposeAsync()
    {
        var removed = await git.RunAsync(["worktree", "remove", "--force", checkout], CancellationToken.None);
        if (!removed.Ok && Directory.Exists(checkout))
        {
            Directory.Delete(checkout, recursive: true);
        }

        await git.RunAsync(["worktree", "prune"], CancellationToken.None);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{checkout} @ {Sha}");
}
