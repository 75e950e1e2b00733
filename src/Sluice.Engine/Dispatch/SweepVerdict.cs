namespace Sluice.Engine.Dispatch;

/// <summary>What to do to a ticket: its new state and reason; <see cref="CancelFlag"/> tells a worker still holding it to stop.</summary>
internal sealed record SweepVerdict(SweepOutcome Outcome, DispatchState State, string Reason, bool CancelFlag);
