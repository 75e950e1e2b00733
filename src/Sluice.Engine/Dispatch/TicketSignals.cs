using System.Collections.Concurrent;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// Per-ticket wake-ups inside one process: the code that ends a ticket (a worker's report, the sweeper, a cancel)
/// notifies its id, and only the orchestrator waiting on that ticket wakes. Without it every queue write would wake
/// every waiting orchestrator (hundreds in a large run), each re-reading its ticket. A missed or foreign (another
/// server's) change is still seen by the waiter's polling timeout.
/// </summary>
internal sealed class TicketSignals
{
    private readonly ConcurrentDictionary<long, TaskCompletionSource> waiters = new();

    /// <summary>The task that completes at the next <see cref="Notify"/> of <paramref name="id"/>; take it before re-reading the ticket.</summary>
    public Task Next(long id) => waiters.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Notify(long id)
    {
        if (waiters.TryRemove(id, out var waiter))
        {
            waiter.TrySetResult();
        }
    }

    /// <summary>Forgets a ticket nobody waits on any more.</summary>
    public void Forget(long id) => waiters.TryRemove(id, out _);
}
