using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;

namespace Sluice.Server.Hosting;

/// <summary>
/// Renews this server's lease (<see cref="IServerLeases"/>) at start and every <see cref="ServerConfig.HeartbeatInterval"/>,
/// on the injected <see cref="TimeProvider"/>. A clean stop ends the lease (<see cref="ReleaseAsync"/>) so another
/// server resumes the interrupted runs at once; a killed server's lease simply runs out. While the lease is not
/// current (<see cref="HoldsLease"/>) the dispatcher and the inbox processor claim nothing.
/// </summary>
internal sealed class ServerHeartbeat(
    ServerConfig config, ServerStorage storage, ServerIdentity identity, QueueSignal queueSignal, InboxSignal inboxSignal, TimeProvider time, ILogger<ServerHeartbeat> logger)
    : BackgroundService
{
    private volatile bool suspended;
    private long lastBeat = -1;

    /// <summary>Stops renewing without ending the lease: to other servers this one dies once the lease runs out (tests simulate a crash with it).</summary>
    public void Suspend() => suspended = true;

    /// <summary>
    /// Whether this server's lease is current (renewed within the timeout): while it is not, other servers may be
    /// taking its work, so it claims no new work (a server cut off from the database, or suspended, fences itself).
    /// </summary>
    public bool HoldsLease =>
        !suspended && Interlocked.Read(ref lastBeat) is var at && at >= 0 && time.GetElapsedTime(at) < config.HeartbeatTimeout;

    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (suspended)
        {
            return;
        }

        // The lease's age for this server is measured on the monotonic clock from before the write.
        var started = time.GetTimestamp();
        await storage.Leases.BeatAsync(identity.Owner, identity.BaseUrl, time.GetUtcNow(), cancellationToken);
        if (Interlocked.Exchange(ref lastBeat, started) < 0)
        {
            // The first lease: the dispatcher and the inbox processor may claim from now on.
            queueSignal.Notify();
            inboxSignal.Notify();
        }
    }

    /// <summary>Ends the lease at once; called after the server stopped its work.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        if (suspended)
        {
            return;
        }

        suspended = true;
        await storage.Leases.ReleaseAsync(identity.Owner, cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                await Task.Delay(config.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A database hiccup must not stop the heartbeat; the lease outlives a few missed beats.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogWarning(e, "renewing the server lease failed; retrying");
                await Task.Delay(config.HeartbeatInterval, time, CancellationToken.None);
            }
        }
    }
}
