using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Server.Config;

namespace Sluice.Server.Queue;

/// <summary>A queue item ready for the engine, or why it cannot run.</summary>
internal sealed record PreparedRun(PipelinePlan? Plan, PipelineEvent? Event, RerunSource? Rerun, RepositoryConfig? Repository, string? Error)
{
    /// <summary>The text of the plan's pipeline file at the run's commit (or the ad-hoc jobs' pipeline), for agents that re-plan the job they run.</summary>
    public string? PipelineYaml { get; init; }

    public static PreparedRun Failed(string error) => new(null, null, null, null, error);
}
