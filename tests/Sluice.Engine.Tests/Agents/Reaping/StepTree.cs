using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Agents.Reaping;

/// <summary>
/// A real step as the engine starts it (<see cref="StepProcess"/>: bash leading a session and group of its own) that
/// starts a background child and then sleeps, so there is a tree to kill: <see cref="Pids"/> are the shell and the child.
/// With <c>jobControl</c> the child runs in a process group of its own inside the step's session (<c>set -m</c>).
/// </summary>
internal sealed class StepTree : IDisposable
{
    private readonly StepProcess process;

    private StepTree(StepProcess process, int child)
    {
        this.process = process;
        Child = child;
    }

    public int Shell => process.GroupId;

    public int Child { get; }

    public IReadOnlyList<int> Pids => [Shell, Child];

    public StepGroup Group => new(Shell, ProcStat.Read(Shell)!.Value.StartTime);

    public static async Task<StepTree> StartAsync(string directory, bool jobControl = false, IStepGroupWatch? groups = null)
    {
        var lines = new BlockingCollection<string>();
        var script = (jobControl ? "set -m; " : "") + "sleep 300 & echo $!; sleep 300";
        var process = StepProcess.Start(new StepProcessSpec("bash", ["-c", script], directory, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" },
            (_, line) => lines.Add(line), Groups: groups));
        var child = await Task.Run(() => lines.TryTake(out var line, TimeSpan.FromSeconds(20)) ? int.Parse(line!, CultureInfo.InvariantCulture) : 0);
        child.ShouldBeGreaterThan(0, "the step never printed its child's pid");
        return new StepTree(process, child);
    }

    /// <summary>True when none of the processes is alive (gone, or a zombie waiting to be reaped).</summary>
    public static async Task<bool> AllGoneAsync(IEnumerable<int> pids, TimeSpan within)
    {
        var clock = Stopwatch.StartNew();
        while (pids.Any(IsAlive))
        {
            if (clock.Elapsed > within)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    public static bool IsAlive(int pid) => ProcStat.Read(pid) is { IsLive: true };

    public void Dispose()
    {
        ProcessGroup.Signal(Shell, ProcessGroup.SigKill);
        if (ProcStat.Read(Child) is { IsLive: true })
        {
            Process.GetProcessById(Child).Kill();
        }

        process.Dispose();
    }
}
