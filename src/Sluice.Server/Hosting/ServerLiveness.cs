namespace Sluice.Server.Hosting;

/// <summary>
/// Whether the owner of a run, queue item, inbox claim or deployment may still be working on it, from the heartbeat
/// leases: an owner with a lease is alive while its last heartbeat is at most <see cref="Config.ServerConfig.HeartbeatTimeout"/>
/// old (by this server's <see cref="TimeProvider"/>: servers' clocks must agree to well within the timeout). This
/// server is always alive to itself; an instance of this process that was stopped (<see cref="ServerIdentity.Stop"/>,
/// as tests do) is dead at once; an owner without a lease (a <c>sluice run</c> process, a server from before leases)
/// falls back to <see cref="ServerIdentity.IsAlive"/>, which checks the process on this host and trusts other hosts.
/// </summary>
internal sealed class ServerLiveness(ServerStorage storage, ServerIdentity identity, Config.ServerConfig config, TimeProvider time)
{
    /// <summary>A predicate over the leases as they are now; take a new one for each recovery pass.</summary>
    public async Task<Func<string, bool>> SnapshotAsync(CancellationToken cancellationToken)
    {
        var heartbeats = await storage.Leases.GetHeartbeatsAsync(cancellationToken);
        var oldest = time.GetUtcNow() - config.HeartbeatTimeout;
        return owner =>
        {
            if (owner == identity.Owner)
            {
                return true;
            }

            if (ServerIdentity.IsStoppedHere(owner))
            {
                return false;
            }

            return heartbeats.TryGetValue(owner, out var at) ? at >= oldest : ServerIdentity.IsAlive(owner);
        };
    }
}
