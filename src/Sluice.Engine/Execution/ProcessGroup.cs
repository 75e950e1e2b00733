using System.Globalization;
using System.Runtime.InteropServices;

namespace Sluice.Engine.Execution;

/// <summary>
/// Signals and inspects a POSIX process group. Every step runs as the leader of its own session
/// (started by <see cref="SessionSpawn"/>), so its group id is its pid and every process it starts — including
/// <c>cmd &amp;</c> background children — is in the group unless it deliberately leaves it.
/// </summary>
internal static class ProcessGroup
{
    public const int SigTerm = 15;
    public const int SigKill = 9;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>Sends <paramref name="signal"/> to every process of the group; false if none was left.</summary>
    public static bool Signal(int groupId, int signal) => groupId > 1 && Kill(-groupId, signal) == 0;

    /// <summary>
    /// True while a live (non-zombie) process is in the group. Reads <c>/proc</c> because zombies
    /// that nobody reaps still count for <c>kill(-pgid, 0)</c>.
    /// </summary>
    public static bool HasLiveMembers(int groupId)
    {
        if (!Directory.Exists("/proc/self"))
        {
            return Kill(-groupId, 0) == 0;
        }

        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            var name = Path.GetFileName(dir);
            if (name.Length == 0 || !char.IsAsciiDigit(name[0]))
            {
                continue;
            }

            if (TryReadGroup(dir, out var state, out var group) && group == groupId && state != 'Z' && state != 'X')
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// SIGTERM to the group, then SIGKILL to whatever is still alive after <paramref name="grace"/>
    /// (or at once when <paramref name="hard"/> is cancelled). Returns when the group is empty.
    /// </summary>
    public static async Task TerminateAsync(int groupId, TimeSpan grace, CancellationToken hard)
    {
        if (!Signal(groupId, SigTerm))
        {
            return;
        }

        var deadline = Environment.TickCount64 + (long)grace.TotalMilliseconds;
        while (HasLiveMembers(groupId) && Environment.TickCount64 < deadline && !hard.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(PollInterval, hard);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        for (var i = 0; i < 200 && Signal(groupId, SigKill) && HasLiveMembers(groupId); i++)
        {
            await Task.Delay(PollInterval, CancellationToken.None);
        }
    }

    private static bool TryReadGroup(string procDir, out char state, out int group)
    {
        state = '?';
        group = 0;
        try
        {
            // Format: pid (comm) state ppid pgrp ...; comm may contain spaces and parentheses.
            var stat = File.ReadAllText(Path.Combine(procDir, "stat"));
            var close = stat.LastIndexOf(')');
            if (close < 0)
            {
                return false;
            }

            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length < 3)
            {
                return false;
            }

            state = fields[0][0];
            return int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out group);
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: an int-only signature needs no marshalling, and LibraryImport
    // would require unsafe code for the whole assembly.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
