using Sluice.Core.Pipelines;

namespace Sluice.Core.Deployments;

/// <summary>
/// The sequencing of a deployment strategy as pure logic on an injected clock: which shift comes next, when a
/// pause ends, when the next check is due, and when to roll back. The runner asks <see cref="Next"/>, carries the
/// action out and reports back; it never decides timing itself, so tests drive whole strategies with a fake clock.
/// <list type="bullet">
/// <item>A shift step asks for <c>shift</c>; its failure rolls back.</item>
/// <item>A pause (and <c>pause: until-approved</c>) runs the check every <see cref="DeployCheck.Interval"/> from the
/// pause's start; a check due at the pause's end still runs before the next shift. <see cref="DeployCheck.FailureThreshold"/>
/// consecutive failures roll back; a passing check resets the count.</item>
/// <item>The deployment's timeout and a stop by a person roll back, whatever step is running.</item>
/// </list>
/// </summary>
public sealed class StrategySequencer
{
    private readonly IReadOnlyList<DeployStep> steps;
    private readonly DeployCheck? check;
    private readonly TimeSpan? timeout;
    private readonly TimeProvider time;
    private StrategyActionKind? awaiting;
    private int pendingPercent;
    private DateTimeOffset? pauseStartedAt;
    private DateTimeOffset nextCheckAt;
    private bool approved;
    private string? failure;
    private string? stopReason;
    private StrategyAction? final;

    public StrategySequencer(IReadOnlyList<DeployStep> steps, DeployCheck? check, TimeSpan? timeout, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(time);
        this.steps = steps;
        this.check = check;
        this.timeout = timeout;
        this.time = time;
        StartedAt = time.GetUtcNow();
    }

    public DateTimeOffset StartedAt { get; }

    /// <summary>When the deployment times out, or null without a timeout.</summary>
    public DateTimeOffset? Deadline => timeout is { } t ? StartedAt + t : null;

    /// <summary>The share of traffic on the new version after the last successful shift.</summary>
    public int Percent { get; private set; }

    /// <summary>The 0-based index of the current step; equals the step count once every step is done.</summary>
    public int StepIndex { get; private set; }

    public int StepCount => steps.Count;

    public int ConsecutiveCheckFailures { get; private set; }

    /// <summary>True while the current step is <c>pause: until-approved</c> and nobody approved yet.</summary>
    public bool WaitingForApproval => final is null && StepIndex < steps.Count && steps[StepIndex].UntilApproved && !approved;

    public StrategyAction Next()
    {
        if (awaiting is { } open)
        {
            throw new InvalidOperationException($"the {open} action has not been reported yet");
        }

        if (final is not null)
        {
            return final;
        }

        var now = time.GetUtcNow();
        if (stopReason is not null)
        {
            return Finish(StrategyActionKind.RollBack, stopReason);
        }

        if (Deadline is { } deadline && now >= deadline)
        {
            return Finish(StrategyActionKind.RollBack, $"the deployment timed out after {Time.Duration.Format(timeout!.Value)}");
        }

        if (failure is not null)
        {
            return Finish(StrategyActionKind.RollBack, failure);
        }

        while (StepIndex < steps.Count)
        {
            var step = steps[StepIndex];
            if (step.ShiftPercent is { } percent)
            {
                awaiting = StrategyActionKind.Shift;
                pendingPercent = percent;
                return new StrategyAction(StrategyActionKind.Shift, StepIndex, percent);
            }

            if (pauseStartedAt is null)
            {
                pauseStartedAt = now;
                nextCheckAt = now + (check?.Interval ?? TimeSpan.Zero);
            }

            var end = step.Pause is { } pause ? pauseStartedAt + pause : null;
            var checkDue = check is not null && now >= nextCheckAt && (end is null || nextCheckAt <= end);
            if (checkDue)
            {
                awaiting = StrategyActionKind.Check;
                return new StrategyAction(StrategyActionKind.Check, StepIndex, Percent);
            }

            if ((end is { } e && now >= e) || (step.UntilApproved && approved))
            {
                StepIndex++;
                pauseStartedAt = null;
                approved = false;
                continue;
            }

            var until = Earliest(end, check is null ? null : nextCheckAt, Deadline);
            return step.UntilApproved
                ? new StrategyAction(StrategyActionKind.AwaitApproval, StepIndex, Percent, until)
                : new StrategyAction(StrategyActionKind.Wait, StepIndex, Percent, until);
        }

        return Finish(StrategyActionKind.Succeed, null);
    }

    /// <summary>Reports the shift asked for; a failure (<paramref name="error"/> says why) rolls back.</summary>
    public void ShiftCompleted(bool succeeded, string? error = null)
    {
        Expect(StrategyActionKind.Shift);
        if (succeeded)
        {
            Percent = pendingPercent;
            StepIndex++;
        }
        else
        {
            failure ??= $"shift to {pendingPercent}% failed" + (error is null ? "" : $": {error}");
        }
    }

    /// <summary>Reports the check asked for; the threshold's worth of failures in a row rolls back.</summary>
    public void CheckCompleted(bool passed, string? detail = null)
    {
        Expect(StrategyActionKind.Check);
        var now = time.GetUtcNow();
        var next = nextCheckAt + check!.Interval;
        nextCheckAt = next > now ? next : now + check.Interval;
        ConsecutiveCheckFailures = passed ? 0 : ConsecutiveCheckFailures + 1;
        if (ConsecutiveCheckFailures >= check.FailureThreshold)
        {
            failure ??= $"check failed {ConsecutiveCheckFailures} time(s) in a row at {Percent}%" + (detail is null ? "" : $": {detail}");
        }
    }

    /// <summary>A person approved the current <c>pause: until-approved</c> step; ignored at other steps.</summary>
    public void Approve()
    {
        if (WaitingForApproval)
        {
            approved = true;
        }
    }

    /// <summary>Stops the deployment: the next action is a rollback with <paramref name="reason"/> (unless already finished).</summary>
    public void Stop(string reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (final is null)
        {
            stopReason ??= reason;
        }
    }

    private void Expect(StrategyActionKind kind)
    {
        if (awaiting != kind)
        {
            throw new InvalidOperationException($"no {kind} action is waiting for its result");
        }

        awaiting = null;
    }

    private StrategyAction Finish(StrategyActionKind kind, string? reason)
    {
        final = new StrategyAction(kind, Math.Min(StepIndex, steps.Count), Percent, Reason: reason);
        return final;
    }

    private static DateTimeOffset? Earliest(params DateTimeOffset?[] times)
    {
        DateTimeOffset? earliest = null;
        foreach (var t in times)
        {
            if (t is { } value && (earliest is null || value < earliest))
            {
                earliest = value;
            }
        }

        return earliest;
    }
}
