namespace Sluice.Core.Releases.Sprints;

/// <summary>What a roll-up does: which sprint it closes (if any), which it opens, and why.</summary>
internal sealed record SprintStep(SprintStepKind Kind, int? Close, int Open, string Reason);
