using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;

namespace Sluice.Engine.Execution;

/// <summary>What the attempts of one job share: the job, its log, its expression contexts, where its files go, built-in variables and cancel rules.</summary>
/// <param name="Expressions">Run contexts plus <c>matrix</c>, <c>needs</c>, <c>secrets</c> (declared only) and <c>job</c>.</param>
/// <param name="Builtins">SLUICE_* variables that do not change between steps.</param>
/// <param name="SurvivesCancel">The job's <c>if</c> holds even when the run is cancelled (<c>always()</c>): a run cancel does not stop it.</param>
internal sealed record JobSetup(
    RunContext Run,
    PlannedJob Job,
    JobLog Log,
    RunExpressionContext Expressions,
    IReadOnlyDictionary<string, string> SecretEnvironment,
    IReadOnlyDictionary<string, string> Builtins,
    string FilePrefix,
    bool SurvivesCancel,
    JobControl Control)
{
    /// <summary>True when the job must stop because the run was cancelled or the scheduler cancelled it (fail-fast).</summary>
    public bool IsCancelled => (Run.Cancelled.IsCancellationRequested && !SurvivesCancel) || Control.Token.IsCancellationRequested || Run.Aborted.IsCancellationRequested;
}
