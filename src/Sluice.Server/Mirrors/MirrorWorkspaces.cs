using System.Text.RegularExpressions;
using Sluice.Core.Planning;
using Sluice.Engine.Git;
using Sluice.Engine.Workspaces;

namespace Sluice.Server.Mirrors;

/// <summary>
/// <see cref="IJobWorkspaces"/> on a bare mirror: each job gets <c>git worktree add --detach</c> of the run's commit
/// under <c>&lt;data&gt;/work/</c>, removed (and pruned) when the job has ended.
/// </summary>
internal sealed partial class MirrorWorkspaces(GitCli mirror, string sha, string workRoot) : IJobWorkspaces
{
    private static readonly SemaphoreSlim WorktreeGate = new(1, 1);

    public async Task<JobWorkspaceResult> CreateAsync(long runId, PlannedJob job, CancellationToken cancellationToken)
    {
        var path = Path.Combine(workRoot, $"run-{runId}", Unsafe().Replace(job.Key, "-") + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);

        // `git worktree add` updates the mirror's worktree list; one at a time avoids lock-file races between jobs.
        await WorktreeGate.WaitAsync(cancellationToken);
        try
        {
            var add = await mirror.RunAsync(["worktree", "add", "--detach", "--quiet", path, sha], cancellationToken);
            return add.Ok ? JobWorkspaceResult.Ready(path, new WorktreeLease(mirror, path, WorktreeGate)) : JobWorkspaceResult.Failed(add.Error.Trim());
        }
        finally
        {
            WorktreeGate.Release();
        }
    }

    [GeneratedRegex("[^A-Za-z0-9_.=-]+")]
    private static partial Regex Unsafe();
}
