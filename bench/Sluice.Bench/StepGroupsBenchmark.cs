using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Execution;

namespace Sluice.Bench;

/// <summary>
/// What <c>sluice agent</c> adds to every step so that its steps die with it (<see cref="AgentStepGroups"/>): reading the
/// leader's start time, a line to the watchdog's pipe and a line appended to the ledger when the group starts, and two
/// lines when it ends. Measured on one real step group reported N times (a real step costs milliseconds of spawn on top);
/// the watchdog here is <c>cat &gt; /dev/null</c>, which reads the pipe as the real one does. Target: under 1% of a
/// `true` job's ~25 ms of CPU, i.e. &lt; 250 µs per step.
/// </summary>
internal static class StepGroupsBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var steps = args.Length > 1 && args[0] == "--steps" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20_000;
        var dir = Path.Combine(Path.GetTempPath(), "sluice-bench-groups-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        var step = StepProcess.Start(new StepProcessSpec("sleep", ["300"], dir, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, (_, _) => { }));
        try
        {
            var groups = await AgentStepGroups.StartAsync(dir, ["sh", "-c", "cat > /dev/null"], Console.WriteLine, CancellationToken.None);
            for (var i = 0; i < 1000; i++)
            {
                groups.Started(step.GroupId);
                groups.Ended(step.GroupId);
            }

            using var self = Process.GetCurrentProcess();
            var cpu = self.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < steps; i++)
            {
                groups.Started(step.GroupId);
                groups.Ended(step.GroupId);
            }

            var wall = clock.Elapsed.TotalMicroseconds / steps;
            self.Refresh();
            var used = (self.TotalProcessorTime - cpu).TotalMicroseconds / steps;
            await groups.DisposeAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"step groups: {steps} steps started and ended, {wall:0} µs wall and {used:0} µs CPU per step (target < 250 µs CPU): {(used < 250 ? "met" : "NOT met")}"));
            return used < 250 ? 0 : 1;
        }
        finally
        {
            await step.TerminateAsync(TimeSpan.Zero, CancellationToken.None);
            step.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }
}
