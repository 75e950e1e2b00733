using System.Diagnostics;
using System.Runtime.Versioning;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Agents.Reaping;

/// <summary>
/// The restart cleanup: an agent whose watchdog died with it left its ledger; the next agent on the data directory kills
/// the steps listed there, and leaves the ledgers of agents still running alone.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StepGroupLedgerTests : IDisposable
{
    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    private string Groups => Path.Combine(directory.Path, "step-groups");

    [Fact]
    public async Task ReapLeftovers_LedgerOfADeadAgent_KillsItsStepsAndDeletesTheFile()
    {
        using var step = await StepTree.StartAsync(directory.Path);
        var dead = await DeadProcessAsync();
        var file = WriteLedger(dead, ProcStat.BootId(), step.Group);

        var result = await StepGroupLedger.ReapLeftoversAsync(directory.Path, CancellationToken.None);

        (await StepTree.AllGoneAsync(step.Pids, TimeSpan.FromSeconds(5))).ShouldBeTrue();
        (result.Groups, result.Processes).ShouldBe((1, 2));
        File.Exists(file).ShouldBeFalse();
    }

    [Fact]
    public async Task ReapLeftovers_LedgerOfARunningAgent_IsLeftAlone()
    {
        using var step = await StepTree.StartAsync(directory.Path);
        using var ledger = new StepGroupLedger(directory.Path); // this test process is the running agent
        ledger.Compact([step.Group]).ShouldBeTrue();

        var result = await StepGroupLedger.ReapLeftoversAsync(directory.Path, CancellationToken.None);

        result.Processes.ShouldBe(0);
        step.Pids.ShouldAllBe(pid => StepTree.IsAlive(pid));
        (await StepGroupLedger.ReadAsync(ledger.FilePath, CancellationToken.None)).ShouldBe([step.Group]);
    }

    [Fact]
    public async Task ReapLeftovers_LedgerFromAnotherBoot_IsDeletedWithoutKilling()
    {
        using var step = await StepTree.StartAsync(directory.Path);
        var file = WriteLedger(await DeadProcessAsync(), "00000000-0000-0000-0000-000000000000", step.Group);

        var result = await StepGroupLedger.ReapLeftoversAsync(directory.Path, CancellationToken.None);

        result.Processes.ShouldBe(0);
        step.Pids.ShouldAllBe(pid => StepTree.IsAlive(pid));
        File.Exists(file).ShouldBeFalse();
    }

    [Fact]
    public async Task Append_ManyGroupsStartedAndEnded_CompactsToTheLiveOnes()
    {
        using var ledger = new StepGroupLedger(directory.Path);
        var live = new Dictionary<int, StepGroup>();
        ledger.Compact([]).ShouldBeTrue();

        for (var id = 2; id < 2600; id++)
        {
            live[id] = new StepGroup(id, id * 10L);
            ledger.Append(StepWatchdog.StartedLine(live[id]), live.Values).ShouldBeTrue();
            if (id % 3 != 0)
            {
                live.Remove(id);
                ledger.Append(StepWatchdog.EndedLine(id), live.Values).ShouldBeTrue();
            }
        }

        (await StepGroupLedger.ReadAsync(ledger.FilePath, CancellationToken.None))!.OrderBy(g => g.Id).ShouldBe(live.Values.OrderBy(g => g.Id));
        File.ReadAllLines(ledger.FilePath).Length.ShouldBeLessThan(1000 + live.Count + 2);
    }

    [Fact]
    public async Task AgentStepGroups_StartedAndEnded_KeepsTheLedgerAndACleanExitDeletesIt()
    {
        using var first = await StepTree.StartAsync(directory.Path);
        using var second = await StepTree.StartAsync(directory.Path);
        var groups = await AgentStepGroups.StartAsync(directory.Path, null, _ => { }, CancellationToken.None);
        var file = Directory.GetFiles(Groups).Single();

        groups.Started(first.Shell);
        groups.Started(second.Shell);
        groups.Ended(first.Shell);
        var listed = await StepGroupLedger.ReadAsync(file, CancellationToken.None);
        await groups.DisposeAsync();

        listed.ShouldBe([second.Group]);
        File.Exists(file).ShouldBeFalse();
        first.Pids.Concat(second.Pids).ShouldAllBe(pid => StepTree.IsAlive(pid));
    }

    /// <summary>A ledger as a dead agent left it: named by its pid and start time.</summary>
    private string WriteLedger(ProcStat agent, string bootId, StepGroup group)
    {
        Directory.CreateDirectory(Groups);
        var file = Path.Combine(Groups, $"{agent.Pid}-{agent.StartTime}.groups");
        File.WriteAllLines(file, [bootId, StepWatchdog.StartedLine(group)]);
        return file;
    }

    /// <summary>The pid and start time of a process that has exited (the agent that was killed).</summary>
    private static async Task<ProcStat> DeadProcessAsync()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "0.2") { UseShellExecute = false })!;
        var stat = ProcStat.Read(process.Id)!.Value;
        await process.WaitForExitAsync();
        return stat;
    }
}
