namespace Sluice.Engine.Execution;

/// <summary>
/// Told about every step process group the engine starts and gives up, so that a host which can die without cleaning up
/// (<c>sluice agent</c> under SIGKILL: its steps run in sessions of their own and would outlive it) can have someone else
/// kill what it left. <c>sluice run</c> and <c>sluice serve</c> pass <see cref="NoStepGroupWatch"/>. Contract:
/// <list type="bullet">
/// <item><see cref="Started"/> is called once per step process, right after it was spawned as the leader of a new session
/// and process group (its pid is both ids) and before the engine waits on it, so while the leader is alive or a zombie
/// <c>/proc/{groupId}</c> describes it (a host can read its start time to tell it from a later process with the same pid).</item>
/// <item><see cref="Ended"/> is called once per started group, when the engine gives it up: the step exited and no process
/// was left in its group, or the engine terminated the group (SIGTERM, then SIGKILL). A group whose step left background
/// processes ends when the job's attempt stops them, not when the step ends.</item>
/// <item>Calls come from any thread, for several jobs at once, on the step's own path: they must be quick and must not
/// throw (an implementation deals with its own failures, at worst by not tracking).</item>
/// <item>Only groups are reported: a process that leaves the step's session on purpose (<c>setsid</c>, a daemon) is not
/// the engine's, as on a normal job end.</item>
/// </list>
/// </summary>
internal interface IStepGroupWatch
{
    void Started(int groupId);

    void Ended(int groupId);
}
