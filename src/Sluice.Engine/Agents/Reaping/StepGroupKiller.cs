using System.Runtime.InteropServices;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// Kills what is left of a step's process group and session with SIGKILL, once it made sure they are still the step's.
/// The check against pid reuse: Linux never gives a pid to a new process while a process group or session of that id
/// exists, so either <c>/proc/{id}</c> is gone (the leader exited; any process still in group or session <c>id</c> is the
/// step's) or it must be the very leader, with the start time recorded. A leader with another start time means the
/// step's group ended long ago and the pid now belongs to someone else: nothing is killed.
/// </summary>
internal static class StepGroupKiller
{
    private const int SigKill = 9;
    private const int Rounds = 200;
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(25);

    /// <summary>True when the group may still be the step's (see the class remarks).</summary>
    public static bool IsStill(StepGroup group)
    {
        if (group.Id <= 1 || group.Id == Environment.ProcessId)
        {
            return false;
        }

        var leader = ProcStat.Read(group.Id);
        return leader is null || (group.StartTime != 0 && leader.Value.StartTime == group.StartTime);
    }

    /// <summary>
    /// Kills every live process in the group or session (again while members keep appearing, a fork racing the kill) and
    /// returns how many there were; 0 when none was left or the id is someone else's now.
    /// </summary>
    public static async Task<int> KillAsync(StepGroup group, CancellationToken cancellationToken)
    {
        if (!IsStill(group))
        {
            return 0;
        }

        var self = Environment.ProcessId;
        var killed = new HashSet<int>();
        for (var round = 0; round < Rounds; round++)
        {
            var members = ProcStat.All().Where(p => p.IsLive && p.Pid != self && (p.Group == group.Id || p.Session == group.Id)).ToList();
            if (members.Count == 0)
            {
                break;
            }

            Kill(-group.Id, SigKill);
            foreach (var member in members)
            {
                Kill(member.Pid, SigKill);
                killed.Add(member.Pid);
            }

            await Task.Delay(Pause, cancellationToken);
        }

        return killed.Count;
    }

    // DllImport rather than LibraryImport: an int-only signature needs no marshalling (see Execution/Libc).
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
