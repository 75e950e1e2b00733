using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Dispatch;
using Sluice.Server.Metrics;

namespace Sluice.Server.Agents;

/// <summary>
/// Runs the queue's <see cref="JobSweeper"/> every <see cref="AgentSettings.SweepInterval"/>: an expired lease is re-queued
/// while the job's retry budget lasts, else the job fails "agent lost"; a job past its timeout is cancelled and failed; a
/// job nobody picked up within the limit fails with that reason. Several servers may sweep at once.
/// </summary>
internal sealed class AgentSweeper(IJobQueue queue, AgentSettings settings, TicketSignals signals, ServerMetrics metrics, TimeProvider time, ILogger<AgentSweeper> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new JobSweeper(queue, time, settings.SweepInterval,
            action =>
            {
                logger.LogWarning("job ticket {Id}: {Outcome} ({Reason})", action.Id, action.Outcome, action.Reason);
                if (action.Outcome is SweepOutcome.Requeued or SweepOutcome.AgentLost)
                {
                    metrics.LeaseExpired(1);
                }

                signals.Notify(action.Id);
            },
            error => logger.LogError(error, "sweeping job leases failed; retrying next interval")).RunAsync(stoppingToken);
}
