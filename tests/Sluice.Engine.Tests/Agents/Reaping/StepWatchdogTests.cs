using System.Runtime.Versioning;
using Sluice.Engine.Agents.Reaping;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Agents.Reaping;

/// <summary>The watchdog's loop on real step processes: what it kills when the agent's pipe closes, and what it leaves.</summary>
[SupportedOSPlatform("linux")]
public sealed class StepWatchdogTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(5);

    private readonly TempDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_PipeClosedWithoutBye_KillsTheStepAndItsBackgroundChild(bool jobControl)
    {
        using var step = await StepTree.StartAsync(directory.Path, jobControl);

        var result = await StepWatchdog.RunAsync(new StringReader(StepWatchdog.StartedLine(step.Group) + "\n"), CancellationToken.None);

        (await StepTree.AllGoneAsync(step.Pids, Soon)).ShouldBeTrue();
        (result.AgentDied, result.Groups, result.Processes).ShouldBe((true, 1, 2)); // the shell (its last command replaces it) and its child
    }

    [Fact]
    public async Task Run_Bye_KillsNothing()
    {
        using var step = await StepTree.StartAsync(directory.Path);

        var result = await StepWatchdog.RunAsync(new StringReader($"{StepWatchdog.StartedLine(step.Group)}\n{StepWatchdog.Bye}\n"), CancellationToken.None);

        result.AgentDied.ShouldBeFalse();
        step.Pids.ShouldAllBe(pid => StepTree.IsAlive(pid));
    }

    [Fact]
    public async Task Run_GroupEndedBeforeThePipeClosed_IsLeftAlone()
    {
        using var ended = await StepTree.StartAsync(directory.Path);
        using var running = await StepTree.StartAsync(directory.Path);
        var lines = $"{StepWatchdog.StartedLine(ended.Group)}\n{StepWatchdog.StartedLine(running.Group)}\n{StepWatchdog.EndedLine(ended.Shell)}\nsomething newer\n";

        var result = await StepWatchdog.RunAsync(new StringReader(lines), CancellationToken.None);

        (await StepTree.AllGoneAsync(running.Pids, Soon)).ShouldBeTrue();
        ended.Pids.ShouldAllBe(pid => StepTree.IsAlive(pid));
        result.Groups.ShouldBe(1);
    }

    [Fact]
    public async Task Kill_LeaderWithAnotherStartTime_IsSomeoneElsesAndIsLeftAlone()
    {
        // The pid of a step whose group ended long ago, now reused by another process: the start time tells them apart.
        using var other = await StepTree.StartAsync(directory.Path);

        var killed = await StepGroupKiller.KillAsync(other.Group with { StartTime = other.Group.StartTime - 1 }, CancellationToken.None);

        killed.ShouldBe(0);
        other.Pids.ShouldAllBe(pid => StepTree.IsAlive(pid));
    }

    [Fact]
    public async Task Kill_LeaderGoneButChildLeftInTheGroup_KillsTheChild()
    {
        using var step = await StepTree.StartAsync(directory.Path);
        var group = step.Group;
        System.Diagnostics.Process.GetProcessById(step.Shell).Kill();
        (await StepTree.AllGoneAsync([step.Shell], Soon)).ShouldBeTrue();

        var killed = await StepGroupKiller.KillAsync(group, CancellationToken.None);

        (await StepTree.AllGoneAsync([step.Child], Soon)).ShouldBeTrue();
        killed.ShouldBe(1);
    }
}
