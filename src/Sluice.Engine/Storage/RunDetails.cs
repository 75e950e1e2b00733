namespace Sluice.Engine.Storage;

/// <summary>Everything <c>sluice show</c> prints about one run.</summary>
internal sealed record RunDetails(RunRecord Run, IReadOnlyList<JobRecord> Jobs, IReadOnlyList<StepRecord> Steps, IReadOnlyList<ArtifactRecord> Artifacts);
