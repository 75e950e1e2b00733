namespace Sluice.Server.Hosting;

/// <summary>
/// Whether the owner of a run, queue item, inbox claim or deployment may still be working on it. Dead when certain:
/// an instance of this process that was stopped (<see cref="ServerIdentity.Stop"/>, as tests do), or a process on
/// this host that is gone (<see cref="ServerIdentity.IsAlive"/>: a killed server is taken over at once, without
/// waiting for its lease). Otherwise an owner with a heartbeat lease is alive while its last heartbeat is at most
/// <see cref="Config.ServerConfig.HeartbeatTimeout"/> old (by this server's <see cref="TimeProvider"/>: servers'
/// clocks must agree to well within the timeout) — the only way to tell a dead server on another host; an owner
/// without a lease (a <c>sluice run</c> process) is alive. This server is always alive to itself.
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

            if (ServerIdentity.IsStoppedHere(owner) || !ServerIdentity.IsAlive(owner))
            {
                return false;
            }

            return !heartbeats.TryGetValue(owner, out var at) || at >= oldest;
        };
    }
}
