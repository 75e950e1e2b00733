using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>How a run ended: its state, every job's result (in plan order) and the collected summary Markdown.</summary>
internal sealed record RunResult(
    long RunId,
    RunState State,
    IReadOnlyList<JobResult> Jobs,
    string Summary,
    TimeSpan Duration)
{
    public bool Succeeded => State == RunState.Succeeded;
}
