using System.Runtime.CompilerServices;
using Sluice.Engine.State;

namespace Sluice.Engine.Storage;

/// <summary>
/// Read side of the run history for <c>sluice runs/show/logs</c> (and later the server): list, look up and
/// follow runs. Opening it settles runs whose owning process died (<see cref="IRunStore.MarkInterruptedAsync"/>),
/// so a SIGKILLed run reads as interrupted rather than running forever. A state directory without a database
/// is an empty history: reading never creates state.
/// </summary>
internal sealed class RunHistory : IAsyncDisposable
{
    private const int LogPage = 1000;

    private readonly IRunStore? store;
    private readonly TimeProvider timeProvider;
    private readonly Func<string, bool> isOwnerAlive;

    public RunHistory(IRunStore? store, TimeProvider timeProvider, Func<string, bool> isOwnerAlive)
    {
        this.store = store;
        this.timeProvider = timeProvider;
        this.isOwnerAlive = isOwnerAlive;
    }

    /// <summary>The store, or null when the state directory has no database yet.</summary>
    public IRunStore? Store => store;

    public static async Task<RunHistory> OpenAsync(StateDirectory state, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!state.HasDatabase)
        {
            return new RunHistory(null, timeProvider, ProcessLiveness.IsAlive);
        }

        var store = state.OpenRunStore(timeProvider);
        try
        {
            await store.MigrateAsync(cancellationToken);
            var history = new RunHistory(store, timeProvider, ProcessLiveness.IsAlive);
            await history.SettleInterruptedAsync(cancellationToken);
            return history;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    /// <summary>Marks runs of dead owners as interrupted; returns their ids.</summary>
    public async Task<IReadOnlyList<long>> SettleInterruptedAsync(CancellationToken cancellationToken) =>
        store is null ? [] : await store.MarkInterruptedAsync(isOwnerAlive, timeProvider.GetUtcNow(), cancellationToken);

    public async Task<IReadOnlyList<RunRecord>> ListAsync(RunQuery query, CancellationToken cancellationToken) =>
        store is null ? [] : await store.ListRunsAsync(query, cancellationToken);

    /// <summary>The run with that id, or the newest run when <paramref name="runId"/> is null.</summary>
    public async Task<RunRecord?> FindAsync(long? runId, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return null;
        }

        if (runId is { } id)
        {
            return await store.GetRunAsync(id, cancellationToken);
        }

        var newest = await store.ListRunsAsync(new RunQuery(Limit: 1), cancellationToken);
        return newest.Count == 0 ? null : newest[0];
    }

    public async Task<RunDetails?> GetDetailsAsync(long? runId, CancellationToken cancellationToken)
    {
        if (store is null || await FindAsync(runId, cancellationToken) is not { } run)
        {
            return null;
        }

        return new RunDetails(
            run,
            await store.GetJobsAsync(run.Id, cancellationToken),
            await store.GetStepsAsync(run.Id, null, cancellationToken),
            await store.GetArtifactsAsync(run.Id, cancellationToken));
    }

    public async Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken) =>
        store is null ? [] : await store.GetJobsAsync(runId, cancellationToken);

    /// <summary>
    /// The run's log lines, job by job in creation order (only <paramref name="jobKeys"/> when given). With
    /// <paramref name="follow"/>, polls every <paramref name="pollInterval"/> for new lines until the run is
    /// terminal, then drains what was written before that and stops. Each job has its own cursor, so nothing
    /// is repeated or skipped however the writer's batches interleave.
    /// </summary>
    public async IAsyncEnumerable<LogLine> ReadLogsAsync(
        long runId,
        IReadOnlySet<string>? jobKeys,
        bool follow,
        TimeSpan pollInterval,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (store is null)
        {
            yield break;
        }

        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        while (true)
        {
            // Read the state before the lines: once terminal, every line was written before this read.
            var finished = !follow || (await store.GetRunAsync(runId, cancellationToken))?.State.IsTerminal() != false;
            foreach (var job in await store.GetJobsAsync(runId, cancellationToken))
            {
                if (jobKeys is not null && !jobKeys.Contains(job.Key))
                {
                    continue;
                }

                while (true)
                {
                    var page = await store.GetLogsAsync(runId, job.Key, cursors.GetValueOrDefault(job.Key), LogPage, cancellationToken);
                    foreach (var line in page)
                    {
                        yield return line;
                    }

                    if (page.Count == 0)
                    {
                        break;
                    }

                    cursors[job.Key] = page[^1].Sequence;
                    if (page.Count < LogPage)
                    {
                        break;
                    }
                }
            }

            if (finished)
            {
                yield break;
            }

            await Task.Delay(pollInterval, timeProvider, cancellationToken);
            await SettleInterruptedAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }
    }
}
