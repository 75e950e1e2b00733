using Sluice.Core.Releases.Sprints;

namespace Sluice.Engine.Releases;

/// <summary>
/// What a sprint roll-up decided and did (or, in a dry run, would do): the step and its reason, the operations in
/// order, the release plan when one was made, and the outcome of the release.
/// </summary>
internal sealed record RollupReport(
    SprintStep Step,
    IReadOnlyList<PlannedOperation> Operations,
    ReleasePlan? Release,
    ReleaseOutcome? Outcome,
    IReadOnlyList<string> Notes);
