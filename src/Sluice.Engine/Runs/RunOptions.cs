using Sluice.Engine.State;

namespace Sluice.Engine.Runs;

/// <summary>How to execute a run.</summary>
/// <param name="MaxParallel">At most this many jobs run at once (<c>-j</c>).</param>
/// <param name="StateDirectory">Where artifacts, caches and temporary job files live.</param>
/// <param name="Owner">Who executes the run (<c>host:pid:start</c>); lets a later process detect that the run was interrupted.</param>
/// <param name="KillGrace">Time between SIGTERM and SIGKILL when a step times out or is cancelled.</param>
/// <param name="JobWorkspaces">When set, every job runs in its own directory made by it (the server's per-job worktree) instead of the run's workspace.</param>
/// <param name="Deployments">How jobs with <c>environment:</c> or <c>deploy:</c> are deployed; null uses <see cref="Deployments.DeploymentSettings.Default"/>.</param>
/// <param name="Dispatcher">When set (the server in agent mode), every job is handed to it instead of run here: it runs on a worker that claims it from the job queue.</param>
/// <param name="DirectExec">
/// A step whose script is one plain command is started without its shell, as GNU make does
/// (<see cref="Execution.DirectCommand"/>); false (<c>SLUICE_DIRECT_EXEC=0</c>, <see cref="DirectExecFrom"/>) runs every step through its shell.
/// </param>
/// <param name="LeaseHeld">
/// The server's heartbeat lease as this process sees it (null for <c>sluice run</c>): asked before each job starts and
/// before every history write. Once false another server may own the run: no job starts and the history rejects this
/// executor's writes (<see cref="Storage.RunFence"/>), so the caller aborts the run and records nothing for it.
/// </param>
/// <param name="StepGroups">Told about every step process group started and given up (<c>sluice agent</c>: its watchdog); null: nobody.</param>
/// <param name="Isolated">Run on a clean <c>git worktree</c> of <see cref="Revision"/> (HEAD when null) instead of the working tree.</param>
internal sealed record RunOptions(
    int MaxParallel,
    StateDirectory StateDirectory,
    string Owner,
    TimeSpan KillGrace,
    bool Isolated = false,
    string? Revision = null,
    string Repository = "",
    Workspaces.IJobWorkspaces? JobWorkspaces = null,
    Deployments.DeploymentSettings? Deployments = null,
    Dispatch.IJobDispatcher? Dispatcher = null,
    bool DirectExec = true,
    Func<bool>? LeaseHeld = null,
    Execution.IStepGroupWatch? StepGroups = null)
{
    public static readonly TimeSpan DefaultKillGrace = TimeSpan.FromSeconds(10);

    /// <summary>The <see cref="DirectExec"/> setting from the value of <c>SLUICE_DIRECT_EXEC</c> in the engine's environment: on unless <c>0</c>.</summary>
    public static bool DirectExecFrom(string? variable) => variable?.Trim() != "0";
}
