using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Storage;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Agents;

/// <summary>
/// Steps die with the real <c>sluice agent</c>: its steps run in sessions of their own, so without its watchdog a SIGKILLed
/// agent would leave them running while the server re-leases the job to another agent (the job's side effects twice at
/// once). And if the watchdog died too, the next agent on the same data directory kills them.
/// </summary>
public sealed class AgentWatchdogTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    /// <summary>Leases no pause of a loaded machine loses (the harness's 2 s would let the job go mid-test): these tests are about processes.</summary>
    private static readonly Func<Sluice.Server.Agents.AgentSettings, Sluice.Server.Agents.AgentSettings> LongLeases = s => s with { Lease = TimeSpan.FromSeconds(20) };

    private readonly TempDirectory pids = new();

    public void Dispose() => pids.Dispose();

    [Fact]
    public async Task Sigkill_MidJob_TheStepAndItsBackgroundChildDieWithTheAgent()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline(), LongLeases);
        using var doomed = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "doomed-agent");
        await harness.StartRunAsync();
        var (shell, child) = await StepPidsAsync();
        var watchdog = WatchdogOf(doomed);
        (IsAlive(shell), IsAlive(child), watchdog is not null).ShouldBe((true, true, true));

        var clock = Stopwatch.StartNew();
        doomed.Kill(); // returns once the agent's output closed: the watchdog holds it until it is done
        var gone = await AllGoneAsync([shell, child, watchdog!.Value]);
        var elapsed = clock.Elapsed;

        gone.ShouldBeTrue($"step processes still alive {Soon} after the agent was killed:\n{doomed.Output}");
        doomed.Output.ShouldContain("sluice agent-watchdog: the agent (pid " + doomed.Pid.ToString(CultureInfo.InvariantCulture) + ") is gone; killed");
        Console.WriteLine($"step tree gone {elapsed.TotalMilliseconds:0} ms after the agent's SIGKILL");
    }

    [Fact]
    public async Task Once_CleanExit_TheWatchdogExitsWithTheAgentKillingNothingAndTheLedgerIsGone()
    {
        await using var harness = await AgentHarness.StartAsync("""
            name: agents
            on: [push, manual]
            jobs:
              quick:
                run: echo "quick"
            """, LongLeases);
        using var agent = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "clean-agent", "--once");
        var watchdog = WatchdogOf(agent);
        await harness.StartRunAsync();

        var exit = await agent.WaitForExitAsync(TimeSpan.FromSeconds(60));

        exit.ShouldBe(0, agent.Output);
        (await AllGoneAsync([watchdog!.Value])).ShouldBeTrue();
        agent.Output.ShouldNotContain("agent-watchdog");
        Directory.GetFiles(Path.Combine(agent.DataDirectory, "step-groups")).ShouldBeEmpty();
    }

    [Fact]
    public async Task Restart_AfterTheAgentAndItsWatchdogWereKilled_TheNextAgentOnItsDataDirectoryKillsTheLeftSteps()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline(), LongLeases);
        using var doomed = await AgentProcess.StartAsync(harness.Server.Server.Address, AgentHarness.Token, "doomed-agent");
        await harness.StartRunAsync();
        var (shell, child) = await StepPidsAsync();
        using (var watchdog = Process.GetProcessById(WatchdogOf(doomed)!.Value))
        {
            watchdog.Kill(); // SIGKILL: a watchdog ignores the polite signals
        }

        doomed.Kill();
        await Task.Delay(500);
        var orphaned = (IsAlive(shell), IsAlive(child));

        using var next = await AgentProcess.StartInAsync(doomed.DataDirectory, harness.Server.Server.Address, AgentHarness.Token, "next-agent");
        var gone = await AllGoneAsync([shell, child]);

        orphaned.ShouldBe((true, true), "without its watchdog the agent's steps outlive it");
        gone.ShouldBeTrue(next.Output);
        next.Output.ShouldContain("left running by an earlier agent on " + doomed.DataDirectory);
    }

    private string Pipeline() => $$"""
        name: agents
        on: [push, manual]
        jobs:
          work:
            run: |
              sleep 300 &
              echo $! > {{pids.Path}}/child.tmp && mv {{pids.Path}}/child.tmp {{pids.Path}}/child
              echo $$ > {{pids.Path}}/shell.tmp && mv {{pids.Path}}/shell.tmp {{pids.Path}}/shell
              sleep 300
        """;

    /// <summary>The pids the step wrote: its shell (the group's leader) and its background child.</summary>
    private async Task<(int Shell, int Child)> StepPidsAsync()
    {
        var shell = Path.Combine(pids.Path, "shell");
        var child = Path.Combine(pids.Path, "child");
        var clock = Stopwatch.StartNew();
        while (!File.Exists(shell) || !File.Exists(child))
        {
            clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(60), "the step never wrote its pids");
            await Task.Delay(50);
        }

        return (int.Parse(File.ReadAllText(shell).Trim(), CultureInfo.InvariantCulture), int.Parse(File.ReadAllText(child).Trim(), CultureInfo.InvariantCulture));
    }

    /// <summary>The agent's watchdog: its child running <c>agent-watchdog</c>.</summary>
    private static int? WatchdogOf(AgentProcess agent)
    {
        foreach (var process in ProcStat.All().Where(p => p.Parent == agent.Pid))
        {
            try
            {
                if (File.ReadAllText($"/proc/{process.Pid}/cmdline").Contains("agent-watchdog", StringComparison.Ordinal))
                {
                    return process.Pid;
                }
            }
            catch (IOException)
            {
            }
        }

        return null;
    }

    private static bool IsAlive(int pid) => ProcStat.Read(pid) is { IsLive: true };

    private static async Task<bool> AllGoneAsync(IReadOnlyList<int> processes)
    {
        var clock = Stopwatch.StartNew();
        while (processes.Any(IsAlive))
        {
            if (clock.Elapsed > Soon)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }
}
