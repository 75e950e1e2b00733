using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>How a run ended: its state, every job's result (in plan order) and the collected summary Markdown; <see cref="Error"/> when it could not start.</summary>
internal sealed record RunResult(
    long RunId,
    RunState State,
    IReadOnlyList<JobResult> Jobs,
    string Summary,
    TimeSpan Duration,
    string? Error = null)
{
    /// <summary>A run that could not start (no run was recorded), e.g. the isolated checkout failed.</summary>
    public static RunResult NotStarted(string error) => new(0, RunState.Failed, [], "", TimeSpan.Zero, error);

    public bool Succeeded => State == RunState.Succeeded;
}
