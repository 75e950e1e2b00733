using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;

namespace Sluice.Server.Hosting;

/// <summary>
/// Keeps this server's lease (<see cref="IServerLeases"/>, <see cref="ServerLease"/>): renews it at start and every
/// <see cref="ServerConfig.HeartbeatInterval"/>, on the injected <see cref="TimeProvider"/>. A clean stop ends the
/// lease (<see cref="ReleaseAsync"/>) so another server resumes the interrupted runs at once; a killed server's lease
/// simply runs out. While the lease is not current (<see cref="HoldsLease"/>) the dispatcher and the inbox processor
/// claim nothing.
/// <para>
/// Self-fencing: a server that stalled (a GC pause, the database out of reach, SIGSTOP) may find its lease ran out —
/// by its own monotonic clock, or because a renewal finds it ended by another server that took its work over. It then
/// loses the lease at once: <see cref="ServerLease.Lost"/> stops every run claimed under it without recording
/// anything (their new owner resumes them; the history rejects the old owner's writes anyway), and it goes on under a
/// new owner string, claiming again once that lease is held.
/// </para>
/// </summary>
internal sealed class ServerHeartbeat(
    ServerConfig config, ServerStorage storage, ServerIdentity identity, QueueSignal queueSignal, InboxSignal inboxSignal, TimeProvider time, ILogger<ServerHeartbeat> logger)
    : BackgroundService
{
    private readonly Lock gate = new();
    private volatile bool suspended;
    private ServerLease? current;

    /// <summary>Stops renewing without ending the lease: to other servers this one dies once the lease runs out (tests simulate a crash with it).</summary>
    public void Suspend() => suspended = true;

    /// <summary>
    /// Whether this server's lease is current (renewed within the timeout): while it is not, other servers may be
    /// taking its work, so it claims no new work.
    /// </summary>
    public bool HoldsLease => Current.IsHeld;

    /// <summary>The current lease; work claimed under it stops when it is lost.</summary>
    public ServerLease Current
    {
        get
        {
            lock (gate)
            {
                return current ??= new ServerLease(identity.Owner, config.HeartbeatTimeout, time);
            }
        }
    }

    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        if (suspended)
        {
            return;
        }

        var lease = Current;
        if (lease.Started && !lease.IsHeld)
        {
            Lose(lease, "it was not renewed within the timeout");
            lease = Current;
        }

        // The lease's age for this server is measured on the monotonic clock from before the write.
        var started = time.GetTimestamp();
        var first = !lease.Started;
        if (!await storage.Leases.BeatAsync(lease.Owner, identity.BaseUrl, time.GetUtcNow(), cancellationToken))
        {
            Lose(lease, "another server ended it and took its work over");
            return;
        }

        if (!lease.Renewed(started))
        {
            Lose(lease, "the renewal completed after it ran out");
            return;
        }

        if (first)
        {
            // A new lease: the dispatcher and the inbox processor may claim from now on.
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
        await storage.Leases.ReleaseAsync(Current.Owner, cancellationToken);
    }

    /// <summary>Loses the lease if it ran out by this server's clock; the watchdog calls it between beats, so a stalled renewal cannot delay the fence.</summary>
    public void CheckExpiry()
    {
        var lease = Current;
        if (lease.Started && !lease.IsHeld)
        {
            Lose(lease, "it was not renewed within the timeout");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken) =>
        await Task.WhenAll(RenewAsync(stoppingToken), WatchAsync(stoppingToken));

    private void Lose(ServerLease lease, string why)
    {
        string next;
        lock (gate)
        {
            if (!ReferenceEquals(lease, current))
            {
                return;
            }

            next = identity.Renew();
            current = new ServerLease(next, config.HeartbeatTimeout, time);
        }

        logger.LogWarning(
            "this server lost its lease {Owner} ({Why}): its runs are stopped without being recorded (another server resumes them); it claims work again as {Next} once that lease is held",
            lease.Owner, why, next);
        try
        {
            // Outside the lock: cancelling runs the stopping work's callbacks (step kills) on this thread.
            lease.Lose();
        }
        catch (AggregateException e)
        {
            logger.LogError(e, "stopping the work of lease {Owner} failed in part", lease.Owner);
        }
    }

    private async Task RenewAsync(CancellationToken stoppingToken)
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

    private async Task WatchAsync(CancellationToken stoppingToken)
    {
        // A tenth of the interval: after a stall, the first tick fences before the stalled work gets far.
        var tick = TimeSpan.FromTicks(Math.Max(config.HeartbeatInterval.Ticks / 10, TimeSpan.FromMilliseconds(10).Ticks));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(tick, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            try
            {
                CheckExpiry();
            }
#pragma warning disable CA1031 // The watchdog must outlive any failure; the next tick checks again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "checking the server lease failed");
            }
        }
    }
}
