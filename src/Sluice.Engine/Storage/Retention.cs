namespace Sluice.Engine.Storage;

/// <summary>
/// Applies a <see cref="RetentionPolicy"/>: deletes old finished runs (with their jobs, steps, logs and
/// artifact records) and then the blobs no remaining artifact references. Unfinished runs are never deleted.
/// <c>sluice run</c> calls <see cref="ApplyAsync"/> after each run; <c>sluice prune</c> exposes it.
/// </summary>
internal sealed class Retention
{
    private readonly IRunStore store;
    private readonly BlobStore blobs;
    private readonly TimeProvider timeProvider;

    public Retention(IRunStore store, BlobStore blobs, TimeProvider timeProvider)
    {
        this.store = store;
        this.blobs = blobs;
        this.timeProvider = timeProvider;
    }

    public Task<PruneResult> ApplyAsync(CancellationToken cancellationToken) => ApplyAsync(RetentionPolicy.Default, cancellationToken);

    public async Task<PruneResult> ApplyAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var result = await store.PruneAsync(Cutoff(policy), policy.KeepLast, cancellationToken);

        // After the commit: a crash here leaves unreferenced blobs behind (wasted space), never a dangling reference.
        foreach (var hash in result.UnreferencedBlobs)
        {
            blobs.Delete(hash);
        }

        return result;
    }

    /// <summary>The runs <see cref="ApplyAsync(RetentionPolicy, CancellationToken)"/> would delete now, newest first (a dry run).</summary>
    public async Task<IReadOnlyList<RunRecord>> PlanAsync(RetentionPolicy policy, CancellationToken cancellationToken)
    {
        var cutoff = Cutoff(policy);
        var all = await store.ListRunsAsync(new RunQuery(Limit: int.MaxValue), cancellationToken);
        return all.Skip(policy.KeepLast).Where(r => r.State.IsTerminal() && r.CreatedAt < cutoff).ToList();
    }

    private DateTimeOffset Cutoff(RetentionPolicy policy)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(policy.KeepLast);
        return timeProvider.GetUtcNow() - policy.MaxAge;
    }
}
