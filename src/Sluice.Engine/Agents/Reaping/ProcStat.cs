using System.Globalization;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// What the reaper reads of one process in <c>/proc/{pid}/stat</c>: state, parent, process group, session and start time
/// (clock ticks after boot). A pid and its start time identify a process even after the pid was reused. Linux only;
/// elsewhere nothing is found and nothing is killed.
/// </summary>
internal readonly record struct ProcStat(int Pid, char State, int Parent, int Group, int Session, long StartTime)
{
    /// <summary>Not a zombie (which only waits to be reaped and cannot be killed further).</summary>
    public bool IsLive => State is not ('Z' or 'X');

    /// <summary>The process, or null when there is none with that pid (or it cannot be read).</summary>
    public static ProcStat? Read(int pid)
    {
        try
        {
            return Parse(pid, File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Every process visible in <c>/proc</c> (each read on its own: one may vanish meanwhile).</summary>
    public static IEnumerable<ProcStat> All()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories("/proc").ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry);
            if (name.Length > 0 && char.IsAsciiDigit(name[0]) && int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && Read(pid) is { } stat)
            {
                yield return stat;
            }
        }
    }

    /// <summary>The kernel's id of this boot; it changes on every reboot (empty when it cannot be read).</summary>
    public static string BootId()
    {
        try
        {
            return File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Format: <c>pid (comm) state ppid pgrp session … starttime(22) …</c>; comm may hold spaces and parentheses.</summary>
    internal static ProcStat? Parse(int pid, string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0 || close + 2 >= stat.Length)
        {
            return null;
        }

        var fields = stat[(close + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0].Length == 0
            || !int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            || !int.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var group)
            || !int.TryParse(fields[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var session)
            || !long.TryParse(fields[19], NumberStyles.Integer, CultureInfo.InvariantCulture, out var start))
        {
            return null;
        }

        return new ProcStat(pid, fields[0][0], parent, group, session, start);
    }
}
