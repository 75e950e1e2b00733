using Sluice.Core.Planning;
using Sluice.Engine.Execution;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// Runs one job of a run somewhere other than this process (<see cref="RunOptions.Dispatcher"/>): the server in agent
/// mode hands it to the durable job queue and waits for a worker's report. Contract:
/// <list type="bullet">
/// <item>Returns the job's result as a value, never throws for the job's own failures (a lost worker, a job nobody could
/// pick up, a timeout: all are failed results with the reason).</item>
/// <item>A result with <see cref="JobResult.StartedAt"/> null was not recorded by a worker: the executor records it.</item>
/// <item>On <see cref="RunContext.Cancelled"/> or <paramref name="control"/> it asks the worker to stop and still waits for
/// its report; on <see cref="RunContext.Aborted"/> (the orchestrator stops) it returns at once and leaves the job to run, so
/// a resumed run adopts it.</item>
/// </list>
/// </summary>
internal interface IJobDispatcher
{
    /// <param name="needs">Results of the job's needs (for <c>needs.*</c> on the worker).</param>
    /// <param name="neededArtifacts">Artifacts kept by the job's needs (the worker downloads them by content hash).</param>
    Task<(JobResult Result, IReadOnlyList<ArtifactRecord> Artifacts)> RunAsync(
        RunContext run, PlannedJob job, int index, RunExpressionContext context, IReadOnlyList<JobResult> needs,
        IReadOnlyList<ArtifactRecord> neededArtifacts, JobControl control);
}
