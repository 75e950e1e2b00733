namespace Sluice.Server.Hosting;

/// <summary>
/// Whether the owner of a run, queue item, inbox claim or deployment may still be working on it. Dead when certain:
/// an instance of this process that was stopped or renewed its owner string (<see cref="ServerIdentity.Stop"/>,
/// <see cref="ServerIdentity.Renew"/>), or a process on this host that is gone (<see cref="ServerIdentity.IsAlive"/>:
/// a killed server is taken over at once, without waiting for its lease). Otherwise an owner with a heartbeat lease
/// is alive until its lease is ended: one whose last heartbeat is more than <see cref="Config.ServerConfig.HeartbeatTimeout"/>
/// old (by this server's <see cref="TimeProvider"/>: servers' clocks must agree to well within the timeout) is ended
/// here first (<see cref="IServerLeases.EndExpiredAsync"/>, conditional: an owner that renewed meanwhile stays alive),
/// so that a silent server that wakes up finds its lease gone and fences itself. An owner without a lease (a
/// <c>sluice run</c> process) is alive. This server is always alive to itself.
/// </summary>
internal sealed class ServerLiveness(ServerStorage storage, ServerIdentity identity, Config.ServerConfig config, TimeProvider time)
{
    /// <summary>A predicate over the leases as they are now; take a new one for each recovery pass.</summary>
    public async Task<Func<string, bool>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var heartbeats = await storage.Leases.GetHeartbeatsAsync(cancellationToken);
        var oldest = time.GetUtcNow() - config.HeartbeatTimeout;
        var ended = new HashSet<string>(heartbeats.Where(h => h.Value <= DateTimeOffset.UnixEpoch).Select(h => h.Key), StringComparer.Ordinal);
        var me = identity.Owner;
        foreach (var (owner, at) in heartbeats)
        {
            if (owner != me && at > DateTimeOffset.UnixEpoch && at < oldest && await storage.Leases.EndExpiredAsync(owner, oldest, cancellationToken))
            {
                ended.Add(owner);
            }
        }

        return owner =>
        {
            if (owner == me)
            {
                return true;
            }

            if (ServerIdentity.IsStoppedHere(owner) || !ServerIdentity.IsAlive(owner))
            {
                return false;
            }

            return !ended.Contains(owner);
        };
    }
}
