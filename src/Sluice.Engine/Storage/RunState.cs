namespace Sluice.Engine.Storage;

/// <summary>Lifecycle of a run. Terminal states: Succeeded, Failed, Cancelled, Interrupted.</summary>
public enum RunState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,

    /// <summary>The process that owned the run died (SIGKILL, power loss); <c>rerun --failed</c> finishes it.</summary>
    Interrupted,
}

/// <summary>Lifecycle of a job instance. Terminal states: Succeeded, Failed, Cancelled, Skipped.</summary>
public enum JobState
{
    Pending,
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled,
    Skipped,
}

/// <summary>Outcome of one step attempt.</summary>
public enum StepState
{
    Running,
    Succeeded,
    Failed,
    TimedOut,
    Cancelled,
    Skipped,
}
