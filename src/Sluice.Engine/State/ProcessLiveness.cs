using System.Diagnostics;
using System.Globalization;

namespace Sluice.Engine.State;

/// <summary>
/// Owner strings <c>hostname:pid:starttime</c> and whether such an owner still runs. The start time (clock ticks
/// since boot, field 22 of <c>/proc/&lt;pid&gt;/stat</c> on Linux) tells a recycled pid from the original process.
/// <see cref="IsAlive"/> answers "dead" only when it can be sure: another host, or an owner string it cannot
/// read, counts as alive, so a run is never marked interrupted while its process may still be working.
/// </summary>
internal static class ProcessLiveness
{
    private static readonly Lazy<string> Current = new(() => OwnerOf(Environment.ProcessId) ?? Format(Environment.ProcessId, 0));

    /// <summary>The owner string of this process (computed once).</summary>
    public static string CurrentOwner() => Current.Value;

    /// <summary>The owner string of a process on this host, or null when no such process runs.</summary>
    public static string? OwnerOf(int pid) => StartTimeOf(pid) is { } start ? Format(pid, start) : null;

    public static bool IsAlive(string owner)
    {
        if (!TryParse(owner, out var host, out var pid, out var start) || !IsThisHost(host))
        {
            return true;
        }

        return StartTimeOf(pid) is { } actual && (start is null || actual == start);
    }

    private static string Format(int pid, long start) =>
        string.Create(CultureInfo.InvariantCulture, $"{Environment.MachineName}:{pid}:{start}");

    private static bool IsThisHost(string host) => string.Equals(host, Environment.MachineName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads <c>host:pid:start</c>, or the shorter <c>host:pid</c> (then only existence can be checked).</summary>
    private static bool TryParse(string owner, out string host, out int pid, out long? start)
    {
        var parts = owner.Split(':');
        (host, pid, start) = (string.Empty, 0, null);
        if (parts.Length >= 3 && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out pid)
            && long.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var full))
        {
            (host, start) = (string.Join(':', parts[..^2]), full);
            return true;
        }

        if (parts.Length == 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out pid))
        {
            host = parts[0];
            return true;
        }

        return false;
    }

    /// <summary>A stable start marker of a running process, or null when it does not run (or is a zombie).</summary>
    private static long? StartTimeOf(int pid)
    {
        if (pid <= 0)
        {
            return null;
        }

        if (OperatingSystem.IsLinux())
        {
            return LinuxStartTime(pid);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerMillisecond;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    private static long? LinuxStartTime(int pid)
    {
        string stat;
        try
        {
            stat = File.ReadAllText(string.Create(CultureInfo.InvariantCulture, $"/proc/{pid}/stat"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        // Field 2 (comm) is parenthesised and may itself contain spaces and parentheses: split after the last ')'.
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        var fields = stat[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);

        // fields[0] is field 3 (state), so field 22 (starttime) is fields[19].
        if (fields.Length < 20 || fields[0] is "Z" or "X")
        {
            return null;
        }

        return long.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }
}
