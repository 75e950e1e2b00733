using System.Collections.Concurrent;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// A wake-up for waiters on a queue: <see cref="Release"/> completes the current generation (every waiter returns) and
/// starts the next. Level-free on purpose: a release with nobody waiting is lost, which is fine because waiters re-read
/// the queue after every wake-up and also wake on their timeout (the polling fallback).
/// </summary>
internal sealed class QueueSignal
{
    private static readonly ConcurrentDictionary<string, QueueSignal> Shared = new(StringComparer.Ordinal);

    private TaskCompletionSource generation = NewGeneration();

    /// <summary>
    /// One signal per key (a database file's full path) for the whole process, so every queue instance on the same
    /// SQLite file wakes the waiters of the others.
    /// </summary>
    public static QueueSignal For(string key) => Shared.GetOrAdd(key, _ => new QueueSignal());

    public void Release()
    {
        var released = Interlocked.Exchange(ref generation, NewGeneration());
        released.TrySetResult();
    }

    /// <summary>Returns on the next <see cref="Release"/> or after <paramref name="timeout"/>; throws only when cancelled.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var current = Volatile.Read(ref generation).Task;
        using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, stopDelay.Token);
        await Task.WhenAny(current, delay);
        await stopDelay.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    // Continuations run asynchronously: a writer releasing the signal never runs a waiter's code on its own stack.
    private static TaskCompletionSource NewGeneration() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
