using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Mirrors;

namespace Sluice.Server.Queue;

/// <summary>
/// Drains the durable run queue with at most <see cref="ServerConfig.MaxConcurrentRuns"/> runs at once. At start-up it
/// first takes back what a dead server left (<see cref="ServerRecovery"/>, which also runs periodically for servers
/// that die later): its runs in the history are marked interrupted and its queue items are queued again, to resume
/// (their finished jobs are reused). On shutdown, running runs are aborted and their items
/// left Running, so the next start resumes them; a user's cancel ends the item as Cancelled. Each item runs under the
/// lease it was claimed with (<see cref="ServerHeartbeat.Current"/>): when that lease is lost the run is aborted and
/// nothing more is recorded for it — another server has taken it over, or will once the lease reads expired.
/// </summary>
internal sealed class RunDispatcher(
    ServerConfig config, ServerStorage storage, QueuedRunExecutor executor, RunCancellations cancellations, QueueSignal signal,
    ServerRecovery recovery, ServerHeartbeat heartbeat, MirrorStore mirrors, TimeProvider time, ILogger<RunDispatcher> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<long, Task> running = new();

    public int Running => running.Count;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (running.Count < config.MaxConcurrentRuns && heartbeat.Current is { IsHeld: true } lease
                    && await storage.Queue.ClaimNextAsync(lease.Owner, time.GetUtcNow(), stoppingToken) is { } item)
                {
                    // Registered before it can finish, so its own clean-up always finds it.
                    var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    running[item.Id] = RunAfterAsync(gate.Task, item, lease, stoppingToken);
                    gate.SetResult();
                }

                await signal.WaitAsync(TimeSpan.FromSeconds(1), stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the dispatcher; it tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "claiming queued runs failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }

        await Task.WhenAll(running.Values);
    }

    private async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var outcome = await recovery.RecoverOnceAsync(cancellationToken);

        // Worktrees of jobs a killed server left behind: nothing runs yet, so every one of them is stale.
        var work = Path.Combine(config.DataDir, "work");
        if (Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        foreach (var repo in config.Repositories.Where(r => Directory.Exists(mirrors.PathOf(r))))
        {
            await mirrors.Git(repo).RunAsync(["worktree", "prune"], cancellationToken);
        }

        if (outcome.Any)
        {
            logger.LogInformation("recovered after a stop: {Runs} run(s) marked interrupted, {Items} queued run(s) resumed", outcome.InterruptedRuns, outcome.RequeuedItems);
        }
    }

    private async Task RunAfterAsync(Task gate, QueueItem item, ServerLease lease, CancellationToken stopping)
    {
        await gate;
        await RunOneAsync(item, lease, stopping);
    }

    private async Task RunOneAsync(QueueItem item, ServerLease lease, CancellationToken stopping)
    {
        var cancel = cancellations.Register(item.Id);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(stopping, lease.Lost);
        try
        {
            if (item.CancelRequested)
            {
                await cancel.CancelAsync();
            }

            // Checked again right before the start: the claim may have waited on a database that kept this server silent.
            if (!lease.IsHeld)
            {
                logger.LogWarning("queue item {Id} not started: this server lost its lease {Owner} (another server resumes it)", item.Id, lease.Owner);
                return;
            }

            logger.LogInformation("running queue item {Id}: {Repository} {Pipeline} ({Kind})", item.Id, item.Repository, item.PipelineId, item.Kind);
            var (state, reason) = await executor.ExecuteAsync(item, lease, cancel.Token, abort.Token);
            if (LeftToOthers(item, lease) || (stopping.IsCancellationRequested && !cancel.IsCancellationRequested))
            {
                // Stopped by shutdown, not by a person: left Running so the next start resumes it.
                return;
            }

            await FinishAsync(item, lease, state, reason);
        }
#pragma warning disable CA1031 // One broken run must not take the dispatcher down; it is recorded as an error.
        catch (Exception e)
#pragma warning restore CA1031
        {
            if (!LeftToOthers(item, lease) && !stopping.IsCancellationRequested)
            {
                logger.LogError(e, "queue item {Id} failed to run", item.Id);
                await FinishAsync(item, lease, QueueState.Error, e.Message);
            }
        }
        finally
        {
            cancellations.Unregister(item.Id);
            running.TryRemove(item.Id, out _);
            signal.Notify();
        }
    }

    /// <summary>True when the lease the item ran under is gone: its run was stopped and belongs to whoever takes it over.</summary>
    private bool LeftToOthers(QueueItem item, ServerLease lease)
    {
        if (lease.IsHeld)
        {
            return false;
        }

        logger.LogWarning("queue item {Id} stopped without recording it: this server lost its lease {Owner} (another server resumes it)", item.Id, lease.Owner);
        return true;
    }

    private async Task FinishAsync(QueueItem item, ServerLease lease, QueueState state, string? reason)
    {
        if (await storage.Queue.FinishAsync(item.Id, lease.Owner, state, reason, time.GetUtcNow(), CancellationToken.None))
        {
            logger.LogInformation("queue item {Id} finished: {State}", item.Id, state);
        }
        else
        {
            logger.LogWarning("queue item {Id} was taken over by another server; its end ({State}) is not recorded here", item.Id, state);
        }
    }
}
