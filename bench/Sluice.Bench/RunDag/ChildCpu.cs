using System.Runtime.InteropServices;

namespace Sluice.Bench.RunDag;

/// <summary>
/// CPU time (user + system) of this process's waited-for children: every step process of a Sluice run, or make and
/// its recipes. Compared per job, it shows where CPU goes independently of how busy the shared machine is.
/// </summary>
internal static class ChildCpu
{
    private const int RusageChildren = -1;

    public static TimeSpan Total()
    {
        var usage = new long[18];
        if (GetRusage(RusageChildren, usage) != 0)
        {
            return TimeSpan.Zero;
        }

        // struct rusage starts with ru_utime and ru_stime, each { seconds, microseconds } of 64 bits on 64-bit Linux.
        var microseconds = (usage[0] * 1_000_000) + usage[1] + (usage[2] * 1_000_000) + usage[3];
        return TimeSpan.FromMicroseconds(microseconds);
    }

    [DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetRusage(int who, [Out] long[] usage);
}
