using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Dispatch;

namespace Sluice.Server.Agents;

/// <summary>
/// Applies the lease rules every <see cref="AgentSettings.SweepInterval"/> (<see cref="IJobQueue.SweepAsync"/>): an expired
/// lease is re-queued while the job's retry budget lasts, else the job fails "agent lost"; a job past its timeout is
/// cancelled and failed; a job nobody picked up within the limit fails with that reason. Several servers may sweep at once.
/// </summary>
internal sealed class AgentSweeper(IJobQueue queue, AgentSettings settings, TimeProvider time, ILogger<AgentSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var action in await queue.SweepAsync(time.GetUtcNow(), stoppingToken))
                {
                    logger.LogWarning("job ticket {Id}: {Outcome} ({Reason})", action.Id, action.Outcome, action.Reason);
                }

                await Task.Delay(settings.SweepInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the sweeper; it tries again next interval.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "sweeping job leases failed; retrying");
                await Task.Delay(settings.SweepInterval, time, CancellationToken.None);
            }
        }
    }
}
