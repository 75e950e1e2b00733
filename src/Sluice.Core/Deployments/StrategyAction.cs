namespace Sluice.Core.Deployments;

/// <summary>One instruction from the sequencer. <see cref="Step"/> is the 0-based index of the strategy step it belongs to.</summary>
public sealed record StrategyAction(StrategyActionKind Kind, int Step, int? Percent = null, DateTimeOffset? Until = null, string? Reason = null)
{
    public bool IsFinal => Kind is StrategyActionKind.Succeed or StrategyActionKind.RollBack;
}
