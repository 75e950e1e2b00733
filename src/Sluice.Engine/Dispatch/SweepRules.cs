using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// What the sweeper does to one ticket, decided the same way on every database; the stores only select the candidates
/// and apply the verdict with a conditional update (so two sweepers act once). Checked in this order for a leased ticket:
/// past its timeout (the attempt ran too long, whoever holds it), then lease expired (the worker is gone).
/// </summary>
internal static class SweepRules
{
    public const string AgentLost = "agent lost";

    /// <summary>The verdict for a leased ticket at <paramref name="at"/>, or null when it is fine.</summary>
    public static SweepVerdict? ForLeased(DispatchedJob t, DateTimeOffset at)
    {
        if (t.Ticket.Timeout > TimeSpan.Zero && t.StartedAt is { } started && started + t.Ticket.Timeout <= at)
        {
            return new(SweepOutcome.TimedOut, DispatchState.Failed, $"timed out after {Core.Time.Duration.Format(t.Ticket.Timeout)}", CancelFlag: true);
        }

        if (t.LeaseExpiresAt is not { } expires || expires > at)
        {
            return null;
        }

        if (t.CancelRequested)
        {
            // Cancelling, and the worker vanished: there is nothing left to run it for.
            return new(SweepOutcome.AgentLost, DispatchState.Cancelled, "cancelled; agent lost", CancelFlag: true);
        }

        // attempt 1 is the first claim: re-queues used so far are attempt - 1.
        return t.Attempt - 1 < t.Ticket.RetryBudget
            ? new(SweepOutcome.Requeued, DispatchState.Queued, $"agent lost, re-queued (attempt {t.Attempt + 1})", CancelFlag: false)
            : new(SweepOutcome.AgentLost, DispatchState.Failed, AgentLost, CancelFlag: false);
    }

    /// <summary>The verdict for a queued ticket at <paramref name="at"/>, or null when it may wait longer.</summary>
    public static SweepVerdict? ForQueued(DispatchedJob t, DateTimeOffset at)
    {
        if (t.Ticket.PickupLimit <= TimeSpan.Zero || t.WaitingSince + t.Ticket.PickupLimit > at)
        {
            return null;
        }

        var within = Core.Time.Duration.Format(t.Ticket.PickupLimit);
        var reason = t.Ticket.Labels.Count == 0
            ? $"no agent picked it up within {within}"
            : $"no agent with labels {JobLabels.Describe(t.Ticket.Labels)} picked it up within {within}";
        return new(SweepOutcome.NeverPickedUp, DispatchState.Failed, reason, CancelFlag: false);
    }

    /// <summary>A timeout or pickup limit as stored: whole milliseconds, 0 for none (zero, negative or <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public static long LimitMs(TimeSpan value) => value <= TimeSpan.Zero ? 0 : (long)value.TotalMilliseconds;

    /// <summary>The history job state that matches a ticket state.</summary>
    public static JobState ToJobState(DispatchState state) => state switch
    {
        DispatchState.Queued => JobState.Queued,
        DispatchState.Leased => JobState.Running,
        DispatchState.Succeeded => JobState.Succeeded,
        DispatchState.Failed => JobState.Failed,
        DispatchState.Cancelled => JobState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    public static bool IsTerminal(this DispatchState state) => state is DispatchState.Succeeded or DispatchState.Failed or DispatchState.Cancelled;
}
