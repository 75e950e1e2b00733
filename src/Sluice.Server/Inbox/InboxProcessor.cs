using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Queue;
using Sluice.Server.Webhooks;

namespace Sluice.Server.Inbox;

/// <summary>
/// Drains the inbox in arrival order (so a newer push supersedes an older one): each delivery is handled and then
/// marked processed together with the runs it produced, in one transaction. A failing delivery (e.g. the commit
/// cannot be fetched) is tried <see cref="MaxAttempts"/> times. On start it drains what a previous process left,
/// which is how a crash after the 202 loses nothing. With several servers on one database the inbox hands deliveries
/// to one of them at a time (<see cref="IInbox.ClaimAsync"/>); a dead server's claims are released by the recovery loop
/// (<see cref="Hosting.ServerRecovery"/>). With <see cref="ServerConfig.Paused"/> it does nothing.
/// </summary>
internal sealed class InboxProcessor(
    ServerConfig config, ServerStorage storage, DeliveryHandler handler, QueueCommands commands, InboxSignal signal, ServerIdentity identity, ServerHeartbeat heartbeat, TimeProvider time,
    ILogger<InboxProcessor> logger) : BackgroundService
{
    public const int MaxAttempts = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (config.Paused)
        {
            logger.LogWarning("paused: deliveries are accepted into the inbox but not processed");
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var pending = heartbeat.HoldsLease ? await storage.Inbox.ClaimAsync(identity.Owner, 256, stoppingToken) : [];
                foreach (var entry in pending)
                {
                    await ProcessAsync(entry, stoppingToken);
                }

                if (pending.Count == 0)
                {
                    await signal.WaitAsync(TimeSpan.FromSeconds(2), stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The processor must survive a database hiccup; pending deliveries stay pending.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "reading the inbox failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
    }

    private async Task ProcessAsync(InboxEntry entry, CancellationToken cancellationToken)
    {
        DeliveryOutcome outcome;
        try
        {
            outcome = await handler.HandleAsync(entry, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // An unexpected failure counts as a failed attempt of this delivery only.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogError(e, "delivery {Delivery} failed", entry.DeliveryId);
            outcome = DeliveryOutcome.Failed(e.Message);
        }

        if (outcome.Error is not null)
        {
            var final = entry.Attempts + 1 >= MaxAttempts;
            logger.LogWarning("delivery {Delivery} ({Event}): {Error}{Final}", entry.DeliveryId, entry.Event, outcome.Error, final ? "; giving up" : "; will retry");
            await storage.Inbox.FailAsync(entry.Id, outcome.Error, final, time.GetUtcNow(), CancellationToken.None);
            return;
        }

        var result = await storage.Inbox.CompleteAsync(entry.Id, outcome.Summary, outcome.Runs, time.GetUtcNow(), CancellationToken.None);
        commands.StopSuperseded(result);
        logger.LogInformation("delivery {Delivery} ({Event}): {Summary}", entry.DeliveryId, entry.Event, outcome.Summary);
    }
}
