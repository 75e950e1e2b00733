using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Server.Config;

namespace Sluice.Server.Queue;

/// <summary>A queue item ready for the engine, or why it cannot run.</summary>
/// <param name="Rollback">For a roll back: what it re-deploys and replaces (its deployments go all at once and count as <c>cli</c>).</param>
internal sealed record PreparedRun(PipelinePlan? Plan, PipelineEvent? Event, RerunSource? Rerun, RepositoryConfig? Repository, string? Error, RerunPayload? Rollback = null)
{
    /// <summary>The text of the plan's pipeline file at the run's commit (or the ad-hoc jobs' pipeline), for agents that re-plan the job they run.</summary>
    public string? PipelineYaml { get; init; }

    public static PreparedRun Failed(string error) => new(null, null, null, null, error);
}
