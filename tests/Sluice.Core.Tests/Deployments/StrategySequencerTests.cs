using Sluice.Core.Deployments;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Tests.Deployments;

/// <summary>Whole strategies driven on a manual clock: every shift, check and wait at the minute it happens.</summary>
public sealed class StrategySequencerTests
{
    private static readonly DeployCheck EveryMinute = new("./health.sh", TimeSpan.FromMinutes(1), 2);

    private static IReadOnlyList<DeployStep> Preset(string name)
    {
        StrategyPresets.TryCompile(name, out var steps, out var error).ShouldBeTrue(error);
        return steps;
    }

    /// <summary>Runs the sequencer to the end: shifts succeed, checks answer <paramref name="checkPasses"/>; returns "minute: action" lines.</summary>
    private static (List<string> Timeline, StrategyAction Final) Drive(StrategySequencer sequencer, ManualClock clock, Func<int, bool>? checkPasses = null, int maxActions = 500)
    {
        var timeline = new List<string>();
        var checks = 0;
        for (var i = 0; i < maxActions; i++)
        {
            var action = sequencer.Next();
            var minute = (clock.Now - ManualClock.Start).TotalMinutes;
            switch (action.Kind)
            {
                case StrategyActionKind.Shift:
                    timeline.Add($"{minute}: shift {action.Percent}");
                    sequencer.ShiftCompleted(true);
                    break;
                case StrategyActionKind.Check:
                    timeline.Add($"{minute}: check");
                    sequencer.CheckCompleted(checkPasses?.Invoke(++checks) ?? true, "error rate 12%");
                    break;
                case StrategyActionKind.Wait or StrategyActionKind.AwaitApproval:
                    clock.Now = action.Until ?? throw new InvalidOperationException("waits forever");
                    break;
                default:
                    timeline.Add($"{minute}: {action.Kind}" + (action.Reason is null ? "" : $" ({action.Reason})"));
                    return (timeline, action);
            }
        }

        throw new InvalidOperationException("the strategy did not finish");
    }

    [Fact]
    public void AllAtOnce_ShiftsOnceAndSucceeds()
    {
        var clock = new ManualClock();

        var (timeline, final) = Drive(new StrategySequencer(Preset("AllAtOnce"), EveryMinute, null, clock), clock);

        timeline.ShouldBe(["0: shift 100", "0: Succeed"]);
        final.Percent.ShouldBe(100);
    }

    [Theory]
    [InlineData("Canary10Percent5Minutes", 5)]
    [InlineData("Canary10Percent10Minutes", 10)]
    [InlineData("Canary10Percent15Minutes", 15)]
    [InlineData("Canary10Percent30Minutes", 30)]
    public void Canary_ShiftsTenPercent_ChecksEveryIntervalOfThePause_ThenAll(string preset, int minutes)
    {
        var clock = new ManualClock();

        var (timeline, _) = Drive(new StrategySequencer(Preset(preset), EveryMinute, null, clock), clock);

        List<string> expected = ["0: shift 10", .. Enumerable.Range(1, minutes).Select(m => $"{m}: check"), $"{minutes}: shift 100", $"{minutes}: Succeed"];
        timeline.ShouldBe(expected);
    }

    [Theory]
    [InlineData("Linear10PercentEvery1Minute", 1)]
    [InlineData("Linear10PercentEvery2Minutes", 2)]
    [InlineData("Linear10PercentEvery3Minutes", 3)]
    [InlineData("Linear10PercentEvery10Minutes", 10)]
    public void Linear_ReachesOneHundredPercentAfterNineIntervals(string preset, int minutes)
    {
        var clock = new ManualClock();

        var (timeline, _) = Drive(new StrategySequencer(Preset(preset), null, null, clock), clock);

        timeline.ShouldBe([.. Enumerable.Range(1, 10).Select(i => $"{(i - 1) * minutes}: shift {i * 10}"), $"{9 * minutes}: Succeed"]);
    }

    [Fact]
    public void CheckFailures_PastTheThreshold_RollBack_AndAPassResetsTheCount()
    {
        var clock = new ManualClock();
        var sequencer = new StrategySequencer(Preset("Canary10Percent10Minutes"), EveryMinute, null, clock);

        // fail, pass, fail, fail: the pass resets the count, so the roll back comes at the 4th check, not the 3rd.
        var (timeline, final) = Drive(sequencer, clock, n => n == 2);

        timeline.ShouldBe(["0: shift 10", "1: check", "2: check", "3: check", "4: check", "4: RollBack (check failed 2 time(s) in a row at 10%: error rate 12%)"]);
        final.Kind.ShouldBe(StrategyActionKind.RollBack);
        sequencer.Percent.ShouldBe(10);
    }

    [Fact]
    public void ShiftFailure_RollsBackWithTheError()
    {
        var clock = new ManualClock();
        var sequencer = new StrategySequencer(Preset("Linear10PercentEvery1Minute"), null, null, clock);
        sequencer.Next().Percent.ShouldBe(10);
        sequencer.ShiftCompleted(true);
        clock.Now = sequencer.Next().Until!.Value;
        sequencer.Next().Percent.ShouldBe(20);

        sequencer.ShiftCompleted(false, "exit code 3");

        sequencer.Next().ShouldBe(new StrategyAction(StrategyActionKind.RollBack, 2, 10, Reason: "shift to 20% failed: exit code 3"));
    }

    [Fact]
    public void Timeout_RollsBackAtTheDeadline_EvenDuringAPause()
    {
        var clock = new ManualClock();
        var sequencer = new StrategySequencer(Preset("Canary10Percent30Minutes"), null, TimeSpan.FromMinutes(20), clock);
        sequencer.Next();
        sequencer.ShiftCompleted(true);

        var wait = sequencer.Next();
        clock.Now = wait.Until!.Value;

        wait.Until.ShouldBe(ManualClock.Start.AddMinutes(20), "the wait ends at the deadline, not at the end of the 30-minute pause");
        sequencer.Next().Reason.ShouldBe("the deployment timed out after 20m");
    }

    [Fact]
    public void Stop_RollsBackWithThePersonsReason()
    {
        var clock = new ManualClock();
        var sequencer = new StrategySequencer(Preset("Canary10Percent5Minutes"), EveryMinute, null, clock);
        sequencer.Next();
        sequencer.ShiftCompleted(true);
        sequencer.Next().Kind.ShouldBe(StrategyActionKind.Wait);

        sequencer.Stop("stopped by alice: wrong build");

        sequencer.Next().ShouldBe(new StrategyAction(StrategyActionKind.RollBack, 1, 10, Reason: "stopped by alice: wrong build"));
        sequencer.Next().Kind.ShouldBe(StrategyActionKind.RollBack, "a finished sequence keeps answering the same");
    }

    [Fact]
    public void UntilApproved_ChecksWhileWaiting_AndContinuesOnApproval()
    {
        var clock = new ManualClock();
        var steps = new List<DeployStep> { new(25, null, false), new(null, null, true), new(100, null, false) };
        var sequencer = new StrategySequencer(steps, EveryMinute, null, clock);
        sequencer.Next();
        sequencer.ShiftCompleted(true);

        var waiting = sequencer.Next();
        sequencer.WaitingForApproval.ShouldBeTrue();
        clock.Now = waiting.Until!.Value;
        sequencer.Next().Kind.ShouldBe(StrategyActionKind.Check);
        sequencer.CheckCompleted(true);
        sequencer.Approve();

        waiting.Kind.ShouldBe(StrategyActionKind.AwaitApproval);
        sequencer.Next().ShouldBe(new StrategyAction(StrategyActionKind.Shift, 2, 100));
        sequencer.ShiftCompleted(true);
        sequencer.Next().Kind.ShouldBe(StrategyActionKind.Succeed);
    }

    [Fact]
    public void Next_BeforeReportingAShift_IsABug()
    {
        var sequencer = new StrategySequencer(Preset("AllAtOnce"), null, null, new ManualClock());
        sequencer.Next();

        Should.Throw<InvalidOperationException>(() => sequencer.Next());
        Should.Throw<InvalidOperationException>(() => sequencer.CheckCompleted(true));
    }
}
