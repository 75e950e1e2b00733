namespace Sluice.Engine.Dispatch;

/// <summary>
/// Applies the lease rules (<see cref="IJobQueue.SweepAsync"/>) at once and then every <c>interval</c> on the
/// <see cref="TimeProvider"/>'s clock, at the provider's current time, until cancelled. Every server may run one: the
/// queue handles each ticket once however many sweep. Each action goes to <c>onAction</c> (logs, the lease-expiry
/// metric); a sweep that throws (the database unreachable) goes to <c>onError</c> and the next tick tries again, so a
/// database outage pauses sweeping instead of ending it.
/// </summary>
internal sealed class JobSweeper(IJobQueue queue, TimeProvider timeProvider, TimeSpan interval, Action<SweepAction> onAction, Action<Exception> onError)
{
    public TimeSpan Interval { get; } = interval > TimeSpan.Zero ? interval : throw new ArgumentOutOfRangeException(nameof(interval), interval, "the sweep interval must be positive");

    /// <summary>Sweeps until <paramref name="cancellationToken"/> is cancelled, then returns (no exception).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            do
            {
                await SweepOnceAsync(cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping is the normal end.
        }
    }

    /// <summary>One sweep at the provider's current time; its actions are reported and returned (none after a failure).</summary>
    public async Task<IReadOnlyList<SweepAction>> SweepOnceAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<SweepAction> actions;
        try
        {
            actions = await queue.SweepAsync(timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            onError(e);
            return [];
        }

        foreach (var action in actions)
        {
            onAction(action);
        }

        return actions;
    }
}
