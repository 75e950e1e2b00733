namespace Sluice.Engine.Storage;

/// <summary>Which run and job states are final; shared by stores, retention and the CLI.</summary>
internal static class RunStates
{
    public static IReadOnlyList<RunState> TerminalRuns { get; } = [RunState.Succeeded, RunState.Failed, RunState.Cancelled, RunState.Interrupted];

    public static IReadOnlyList<RunState> ActiveRuns { get; } = [RunState.Queued, RunState.Running];

    public static IReadOnlyList<JobState> ActiveJobs { get; } = [JobState.Pending, JobState.Queued, JobState.Running];

    public static bool IsTerminal(this RunState state) => state is RunState.Succeeded or RunState.Failed or RunState.Cancelled or RunState.Interrupted;

    public static bool IsTerminal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled or JobState.Skipped;
}
