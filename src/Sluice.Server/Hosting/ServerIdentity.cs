using System.Collections.Concurrent;
using Sluice.Engine.State;

namespace Sluice.Server.Hosting;

/// <summary>
/// Who this server instance is: its owner string (<c>host:pid:start#instance</c>) marks the queue items and runs it
/// executes, so the next start can tell abandoned ones (a dead process, or a stopped instance of this process in tests)
/// from live ones; and the base URL it listens on. The owner string is also the server's lease: a server that lost its
/// lease (<see cref="ServerHeartbeat"/>) takes a new one (<see cref="Renew"/>), so nothing it did under the old one can
/// be mistaken for its current work, and the old one reads as dead here at once.
/// </summary>
internal sealed class ServerIdentity
{
    private static readonly ConcurrentDictionary<string, bool> LiveInstances = new(StringComparer.Ordinal);

    private string owner;

    public ServerIdentity()
    {
        owner = NewOwner();
        LiveInstances[owner] = true;
    }

    /// <summary>The owner string of the current lease.</summary>
    public string Owner => Volatile.Read(ref owner);

    public string? BaseUrl { get; set; }

    public void Stop() => LiveInstances.TryRemove(Owner, out _);

    /// <summary>Gives up the current owner string (it reads as dead from now on) for a new one; returns the new one.</summary>
    public string Renew()
    {
        var next = NewOwner();
        LiveInstances[next] = true;
        LiveInstances.TryRemove(Interlocked.Exchange(ref owner, next), out _);
        return next;
    }

    private static string NewOwner() => ProcessLiveness.CurrentOwner() + "#" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>True for an instance of this process that was stopped: certainly dead, whatever its lease says.</summary>
    public static bool IsStoppedHere(string owner)
    {
        var hash = owner.IndexOf('#', StringComparison.Ordinal);
        return hash >= 0 && owner[..hash] == ProcessLiveness.CurrentOwner() && !LiveInstances.ContainsKey(owner);
    }

    /// <summary>Whether the owner of a queue item or run may still be working on it, by its process (see <see cref="ServerLiveness"/> for leases).</summary>
    public static bool IsAlive(string owner)
    {
        var hash = owner.IndexOf('#', StringComparison.Ordinal);
        if (hash < 0)
        {
            return ProcessLiveness.IsAlive(owner);
        }

        var process = owner[..hash];
        return process == ProcessLiveness.CurrentOwner() ? LiveInstances.ContainsKey(owner) : ProcessLiveness.IsAlive(process);
    }
}
