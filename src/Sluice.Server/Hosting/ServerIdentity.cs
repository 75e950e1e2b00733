using System.Collections.Concurrent;
using Sluice.Engine.State;

namespace Sluice.Server.Hosting;

/// <summary>
/// Who this server instance is: its owner string (<c>host:pid:start#instance</c>) marks the queue items and runs it
/// executes, so the next start can tell abandoned ones (a dead process, or a stopped instance of this process in tests)
/// from live ones; and the base URL it listens on.
/// </summary>
internal sealed class ServerIdentity
{
    private static readonly ConcurrentDictionary<string, bool> LiveInstances = new(StringComparer.Ordinal);

    public ServerIdentity()
    {
        Owner = ProcessLiveness.CurrentOwner() + "#" + Guid.NewGuid().ToString("N")[..8];
        LiveInstances[Owner] = true;
    }

    public string Owner { get; }

    public string? BaseUrl { get; set; }

    public void Stop() => LiveInstances.TryRemove(Owner, out _);

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
