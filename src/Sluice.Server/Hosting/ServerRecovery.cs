using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Metrics;
using Sluice.Server.Queue;

namespace Sluice.Server.Hosting;

/// <summary>
/// Takes over the work of dead servers, at start-up (called by <see cref="RunDispatcher"/> before it claims) and every
/// <see cref="ServerConfig.HeartbeatInterval"/>: runs of dead owners are marked interrupted, their queue items are queued
/// again (the next claim resumes them, reusing finished jobs), their inbox claims and deployments are released. Which
/// owner is dead comes from <see cref="ServerLiveness"/>, which first ends the leases that ran out, so a server that was
/// only silent fences itself when it wakes; interrupting a run bumps its epoch, so that server's late writes to it are
/// rejected (<see cref="Sluice.Engine.Storage.IRunStore.FencedTo"/>). Every step is a conditional update, so two servers
/// recovering at once take over each item once. It also forwards cancels asked of this server's runs through another
/// server (the durable <c>cancel_requested</c> flag) to <see cref="RunCancellations"/>.
/// </summary>
internal sealed class ServerRecovery(
    ServerConfig config, ServerStorage storage, ServerLiveness liveness, ServerIdentity identity, RunCancellations cancellations,
    QueueSignal queueSignal, InboxSignal inboxSignal, ServerMetrics metrics, TimeProvider time, ILogger<ServerRecovery> logger) : BackgroundService
{
    public async Task<RecoveryOutcome> RecoverOnceAsync(CancellationToken cancellationToken)
    {
        var isAlive = await liveness.SnapshotAsync(cancellationToken);
        var interrupted = await storage.Runs.MarkInterruptedAsync(isAlive, time.GetUtcNow(), cancellationToken);
        var requeued = await storage.Queue.RequeueAbandonedAsync(isAlive, cancellationToken);
        var released = await storage.Inbox.ReleaseAbandonedAsync(isAlive, cancellationToken);
        await storage.Deployments.MarkInterruptedAsync(isAlive, time.GetUtcNow(), cancellationToken);
        if (requeued.Count > 0)
        {
            queueSignal.Notify();
        }

        if (released > 0)
        {
            inboxSignal.Notify();
        }

        return new RecoveryOutcome(interrupted.Count, requeued.Count, released);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(config.HeartbeatInterval, time, stoppingToken);
                var outcome = await RecoverOnceAsync(stoppingToken);
                if (outcome.Any)
                {
                    // Each queue item taken back is a lease (its server's) that ran out.
                    metrics.LeaseExpired(outcome.RequeuedItems);
                    logger.LogInformation("took over the work of stopped servers: {Runs} run(s) marked interrupted, {Items} queued run(s) to resume, {Deliveries} deliveries released",
                        outcome.InterruptedRuns, outcome.RequeuedItems, outcome.ReleasedDeliveries);
                }

                await ForwardCancelsAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A database hiccup must not stop recovery; the next pass tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "looking for dead servers' work failed; retrying");
            }
        }
    }

    private async Task ForwardCancelsAsync(CancellationToken cancellationToken)
    {
        var running = await storage.Queue.ListAsync(new QueueQuery(1000, State: QueueState.Running), cancellationToken);
        foreach (var item in running.Where(i => i.CancelRequested && i.Owner == identity.Owner))
        {
            cancellations.Cancel(item.Id);
        }
    }
}
