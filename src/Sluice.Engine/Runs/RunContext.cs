using Sluice.Core.Events;
using Sluice.Core.Pipelines;
using Sluice.Engine.Artifacts;
using Sluice.Engine.Execution;
using Sluice.Engine.Secrets;

namespace Sluice.Engine.Runs;

/// <summary>What every job of one run shares: identity, workspace, secrets, masking, clocks, sinks and the two cancel signals.</summary>
/// <param name="Cancelled">Soft cancel (first Ctrl+C): running steps are stopped, <c>always()</c>/<c>cancelled()</c> work still runs.</param>
/// <param name="Aborted">Hard cancel (second Ctrl+C): everything is stopped at once.</param>
internal sealed record RunContext(
    long RunId,
    Pipeline Pipeline,
    PipelineEvent Event,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyDictionary<string, string> Secrets,
    SecretMasker Masker,
    string Workspace,
    string TempDirectory,
    RunOptions Options,
    TimeProvider Time,
    RunRecorder Recorder,
    IRunObserver Observer,
    ArtifactStore Artifacts,
    CacheStore Caches,
    IReadOnlyDictionary<string, string> InheritedEnvironment,
    RunExpressionContext BaseExpressions,
    CancellationToken Cancelled,
    CancellationToken Aborted)
{
    /// <summary>The <c>$SLUICE_ARTIFACTS</c> of jobs whose needs kept no artifacts (read it, do not write to it).</summary>
    public string EmptyArtifactsDirectory => Path.Combine(TempDirectory, "no-artifacts");

    /// <summary>The steps' script files, reused from step to step, in <see cref="TempDirectory"/>.</summary>
    public ScriptFiles Scripts { get; } = new(TempDirectory);
}
