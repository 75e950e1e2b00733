using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Engine.Runs;
using Sluice.Server.Config;

namespace Sluice.Server.Queue;

/// <summary>A queue item ready for the engine, or why it cannot run.</summary>
internal sealed record PreparedRun(PipelinePlan? Plan, PipelineEvent? Event, RerunSource? Rerun, RepositoryConfig? Repository, string? Error)
{
    public static PreparedRun Failed(string error) => new(null, null, null, null, error);
}
