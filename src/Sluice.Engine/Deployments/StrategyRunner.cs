using System.Globalization;
using Sluice.Core.Deployments;
using Sluice.Core.Pipelines;
using Sluice.Engine.Execution;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Carries out a <c>deploy:</c> strategy inside the deploying job: asks the <see cref="StrategySequencer"/> what to
/// do, runs the user's commands, records progress, and on a failed check past its threshold, a failed shift, the
/// deployment's timeout or a stop (the run cancelled, <c>sluice deploy stop</c>, a rejection at
/// <c>pause: until-approved</c>) rolls back: first <c>shift</c> with <c>SLUICE_TRAFFIC_PERCENT=0</c> so that all
/// traffic is back on the previous version at once, then the <c>rollback</c> command to clean up.
/// </summary>
internal sealed class StrategyRunner(ActiveDeployment d, DeployDefinition deploy, IReadOnlyList<DeployStep> steps)
{
    private int? openGate;

    public async Task<StrategyOutcome> RunAsync(JobSetup setup)
    {
        var request = d.Request;
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["SLUICE_ENVIRONMENT"] = d.Name,
            ["SLUICE_ENVIRONMENT_URL"] = d.Environment.Url ?? "",
            ["SLUICE_DEPLOYMENT_ID"] = d.Id.ToString(CultureInfo.InvariantCulture),
            ["SLUICE_VERSION"] = request.Version,
            ["SLUICE_PREVIOUS_VERSION"] = request.PreviousVersion ?? "",
        };
        await using var commands = new StrategyCommands(setup, variables);
        var sequencer = new StrategySequencer(steps, deploy.Check, deploy.Timeout, d.Time);
        using var deadline = sequencer.Deadline is { } end ? new CancellationTokenSource(end - d.Time.GetUtcNow(), d.Time) : new CancellationTokenSource();
        var signals = new StepSignals(deadline.Token, d.Stop, setup.Run.Aborted);
        d.Reporter.Note($"strategy {request.Strategy}: {Describe(steps)}" + (deploy.Check is { } c ? $"; check every {Core.Time.Duration.Format(c.Interval)}, {c.FailureThreshold} failure(s) in a row roll back" : ""));
        while (true)
        {
            if (d.Stop.IsCancellationRequested)
            {
                sequencer.Stop("stopped: the run was cancelled");
            }
            else if (await d.StopRequestAsync() is { } stop)
            {
                sequencer.Stop(stop);
            }

            var action = sequencer.Next();
            switch (action.Kind)
            {
                case StrategyActionKind.Shift:
                    var percent = action.Percent!.Value;
                    var shifted = await commands.RunAsync($"shift {percent}%", deploy.Shift, Traffic(percent), signals);
                    sequencer.ShiftCompleted(shifted.Succeeded, shifted.Problem);
                    if (shifted.Succeeded)
                    {
                        await d.Store.SetProgressAsync(d.Id, percent, sequencer.StepIndex, CancellationToken.None);
                        await d.Reporter.EventAsync(d.Id, "shift", percent, $"{percent}% of the traffic on {request.Version}");
                        d.Reporter.Note($"{percent}% of the traffic on {request.Version}");
                    }

                    break;
                case StrategyActionKind.Check:
                    var checkResult = await commands.RunAsync($"check at {sequencer.Percent}%", deploy.Check!.Run, Traffic(sequencer.Percent), signals);
                    sequencer.CheckCompleted(checkResult.Succeeded, checkResult.Message ?? checkResult.Problem);
                    if (!checkResult.Succeeded)
                    {
                        var text = $"check failed ({sequencer.ConsecutiveCheckFailures} of {deploy.Check.FailureThreshold} in a row): {checkResult.Message ?? checkResult.Problem}";
                        await d.Reporter.EventAsync(d.Id, "check-failed", sequencer.Percent, text);
                        d.Reporter.Note(text);
                    }

                    break;
                case StrategyActionKind.Wait:
                    await d.SleepAsync((action.Until ?? d.Time.GetUtcNow() + d.PollInterval) - d.Time.GetUtcNow());
                    break;
                case StrategyActionKind.AwaitApproval:
                    await AwaitApprovalAsync(sequencer, action);
                    break;
                case StrategyActionKind.Succeed:
                    return new StrategyOutcome(DeploymentState.Succeeded, null, 100);
                default:
                    return await RollBackAsync(commands, setup, sequencer, action.Reason ?? "stopped");
            }
        }
    }

    private async Task AwaitApprovalAsync(StrategySequencer sequencer, StrategyAction action)
    {
        var gate = action.Step + 1;
        var rule = d.Environment.Approval is { } environmentRule ? environmentRule with { Timeout = null } : ApprovalRule.Anyone;
        var request = d.ApprovalRequest(rule);
        if (openGate != gate)
        {
            openGate = gate;
            await d.Store.OpenGateAsync(d.Id, new PendingApproval(gate, request), CancellationToken.None);
            var waiting = $"paused at {sequencer.Percent}% until approved (step {gate} of {steps.Count}); approve with `sluice approve {d.Run.RunId} {d.Request.JobKey}`";
            d.Reporter.Note(waiting);
            await d.Reporter.NotifyAsync(d.Id, DeploymentNotice.Waiting, waiting);
        }

        var until = action.Until;
        while (until is null || d.Time.GetUtcNow() < until)
        {
            var state = ApprovalGate.Evaluate(request, await d.Store.GetDecisionsAsync(d.Id, gate, CancellationToken.None), d.Time.GetUtcNow());
            if (state.Status != ApprovalStatus.Pending)
            {
                await d.Store.CloseGateAsync(d.Id, CancellationToken.None);
                openGate = null;
                d.Reporter.Note(state.Summary);
                if (state.Status == ApprovalStatus.Approved)
                {
                    sequencer.Approve();
                }
                else
                {
                    sequencer.Stop(state.Summary);
                }

                return;
            }

            if (await d.StopRequestAsync() is not null || !await d.SleepAsync((until ?? d.Time.GetUtcNow() + d.PollInterval) - d.Time.GetUtcNow()))
            {
                return;
            }
        }
    }

    private async Task<StrategyOutcome> RollBackAsync(StrategyCommands commands, JobSetup setup, StrategySequencer sequencer, string reason)
    {
        await d.Store.CloseGateAsync(d.Id, CancellationToken.None);
        d.Reporter.Note($"rolling back: {reason}");
        await d.Reporter.EventAsync(d.Id, "rollback", sequencer.Percent, $"rolling back from {sequencer.Percent}%: {reason}");

        // A roll back is what makes a stop safe: only the hard abort interrupts it.
        var signals = new StepSignals(CancellationToken.None, CancellationToken.None, setup.Run.Aborted);
        var variables = Traffic(0);
        variables["SLUICE_ROLLBACK"] = "true";
        var problems = new List<string>();
        var back = await commands.RunAsync("shift back to the previous version", deploy.Shift, variables, signals);
        if (back.Succeeded)
        {
            await d.Store.SetProgressAsync(d.Id, 0, sequencer.StepIndex, CancellationToken.None);
            await d.Reporter.EventAsync(d.Id, "shift", 0, $"all traffic back on {d.Request.PreviousVersion ?? "the previous version"}");
        }
        else
        {
            problems.Add($"shift back: {back.Problem}");
        }

        if (deploy.Rollback is { } rollback)
        {
            var cleaned = await commands.RunAsync("rollback", rollback, variables, signals);
            if (!cleaned.Succeeded)
            {
                problems.Add($"rollback: {cleaned.Problem}");
            }
        }

        if (problems.Count == 0)
        {
            return new StrategyOutcome(DeploymentState.RolledBack, reason, 0);
        }

        return new StrategyOutcome(DeploymentState.Failed, $"{reason}; the roll back failed ({string.Join("; ", problems)})", back.Succeeded ? 0 : sequencer.Percent);
    }

    private static Dictionary<string, string> Traffic(int percent) =>
        new(StringComparer.Ordinal) { ["SLUICE_TRAFFIC_PERCENT"] = percent.ToString(CultureInfo.InvariantCulture) };

    /// <summary>"10% → 5m → 100%".</summary>
    public static string Describe(IReadOnlyList<DeployStep> steps) => string.Join(" → ", steps.Select(s =>
        s.ShiftPercent is { } p ? $"{p}%" : s.UntilApproved ? "until approved" : Core.Time.Duration.Format(s.Pause!.Value)));
}
