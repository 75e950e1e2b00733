using Sluice.Engine.Git;

namespace Sluice.Server.Mirrors;

/// <summary>A job's worktree; disposing removes it from disk and from the mirror's worktree list.</summary>
internal sealed class WorktreeLease(GitCli mirror, string path, SemaphoreSlim gate) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await gate.WaitAsync(CancellationToken.None);
        try
        {
            var removed = await mirror.RunAsync(["worktree", "remove", "--force", path], CancellationToken.None);
            if (!removed.Ok && Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
                await mirror.RunAsync(["worktree", "prune"], CancellationToken.None);
            }
        }
        finally
        {
            gate.Release();
        }

        var run = Path.GetDirectoryName(path);
        if (run is not null && Directory.Exists(run) && !Directory.EnumerateFileSystemEntries(run).Any())
        {
            Directory.Delete(run);
        }
    }
}
