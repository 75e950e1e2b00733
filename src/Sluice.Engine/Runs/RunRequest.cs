using Sluice.Core.Events;
using Sluice.Core.Planning;

namespace Sluice.Engine.Runs;

/// <summary>
/// Everything a run needs. <see cref="Plan"/> holds the pipeline and the planned job instances (possibly
/// filtered by <c>--job</c>); secrets are never stored, only used and masked.
/// </summary>
/// <param name="Workspace">The directory the jobs run in (the working tree), or the repository to check out with <see cref="RunOptions.Isolated"/>.</param>
/// <param name="Rerun">For <c>sluice rerun</c>: the parent run and the jobs reused from it.</param>
internal sealed record RunRequest(
    PipelinePlan Plan,
    PipelineEvent Event,
    IReadOnlyDictionary<string, string> Secrets,
    IReadOnlyDictionary<string, string> Inputs,
    string Workspace,
    RunOptions Options,
    RerunSource? Rerun = null);
