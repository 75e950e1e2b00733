using Sluice.Core.Releases.Config;

namespace Sluice.Core.Releases.Sprints;

/// <summary>
/// Decides what a roll-up does; idempotent by construction, since it reads only the repository's state and the clock.
/// <list type="bullet">
/// <item>Calendar mode (<c>sprint.start</c> set): the sprint to open is the one running now. If its branch exists,
/// the roll-up already happened.</item>
/// <item>Version mode: sprint numbers follow the minor version (closing sprint N releases x.N.0 under the sprint
/// policy). A roll-up is due unless nothing happened since the last one: the open sprint branch has no work and the
/// default branch is at the last release (or nothing was ever released).</item>
/// </list>
/// </summary>
internal static class SprintRules
{
    public static SprintStep Decide(SprintConfig config, SprintState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(state);
        var open = state.ExistingSprints.Count == 0 ? 0 : state.ExistingSprints.Max();
        if (config.Start is { } start)
        {
            var current = SprintCalendar.NumberAt(start, config.Cadence, now);
            if (current <= 0)
            {
                return new SprintStep(SprintStepKind.Nothing, null, 0, $"sprint 1 starts on {start:yyyy-MM-dd}; nothing to roll up yet");
            }

            if (open >= current)
            {
                return state.OpenSprintHasPullRequest
                    ? new SprintStep(SprintStepKind.Nothing, null, open, $"sprint {open} is already open (sprint {current} runs now); nothing to do")
                    : new SprintStep(SprintStepKind.OpenPullRequest, null, open, $"sprint {open} has a branch but no pull request");
            }

            return open == 0
                ? new SprintStep(SprintStepKind.Bootstrap, null, current, $"no sprint branch yet; opening sprint {current} (the sprint running now)")
                : new SprintStep(SprintStepKind.RollUp, open, current, $"sprint {current} started on {SprintCalendar.StartOf(start, config.Cadence, current):yyyy-MM-dd}; closing sprint {open}");
        }

        if (open == 0)
        {
            var first = (state.LastRelease?.Minor ?? 0) + 1;
            return new SprintStep(SprintStepKind.Bootstrap, null, first, $"no sprint branch yet; opening sprint {first}");
        }

        if (!state.OpenSprintHasWork && (state.MainAtLastRelease || state.LastRelease is null))
        {
            return state.OpenSprintHasPullRequest
                ? new SprintStep(SprintStepKind.Nothing, null, open, $"nothing happened since the last roll-up (sprint {open} is open and empty); nothing to do")
                : new SprintStep(SprintStepKind.OpenPullRequest, null, open, $"sprint {open} has a branch but no pull request");
        }

        return new SprintStep(SprintStepKind.RollUp, open, open + 1, $"closing sprint {open}, opening sprint {open + 1}");
    }
}
