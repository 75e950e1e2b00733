using System.Threading.Channels;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Scheduling;

/// <summary>
/// Runs a job graph as a dataflow: a job becomes ready the moment its own needs have ended (never level by
/// level) and starts as soon as a slot is free — at most <c>maxParallel</c> jobs at once, and at most
/// <see cref="ScheduledJob.GroupMaxParallel"/> of one matrix. Ready jobs start in plan order. All state lives
/// in one loop that wakes only when a job ends: no polling, no locks.
/// </summary>
internal sealed class JobScheduler
{
    private readonly int maxParallel;

    public JobScheduler(int maxParallel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallel, 1);
        this.maxParallel = maxParallel;
    }

    /// <param name="jobs">The graph in plan order; needs that name no job of the graph are ignored.</param>
    /// <param name="done">Results known before the run (reused by a re-run); those jobs do not run.</param>
    /// <param name="decide">Called when a job's needs have ended, with every result so far; called again at start time if the run was cancelled since.</param>
    /// <param name="run">Runs one job; must not throw for expected failures.</param>
    /// <param name="onFinished">Called once per job that ends during this call (not for <paramref name="done"/>), on the scheduler's loop.</param>
    public async Task<IReadOnlyDictionary<string, JobResult>> RunAsync(
        IReadOnlyList<ScheduledJob> jobs,
        IReadOnlyDictionary<string, JobResult> done,
        Func<ScheduledJob, IReadOnlyDictionary<string, JobResult>, JobDecision> decide,
        Func<ScheduledJob, JobControl, Task<JobResult>> run,
        Action<JobResult> onFinished,
        CancellationToken runCancelled)
    {
        var state = new SchedulerState(jobs, done);
        var completions = Channel.CreateUnbounded<JobResult>(new UnboundedChannelOptions { SingleReader = true });
        var controls = new Dictionary<string, JobControl>(StringComparer.Ordinal);

        void Finish(JobResult result)
        {
            state.Complete(result);
            controls.Remove(result.Key, out var control);
            control?.Dispose();
            onFinished(result);
            var job = state.Job(result.Key);
            if (job.FailFast && result.State == JobState.Failed && !result.FailureTolerated)
            {
                var reason = $"fail-fast: `{result.DisplayName}` failed";
                foreach (var sibling in state.GroupMembers(job.Group).Where(s => s.Key != job.Key && !state.IsDone(s.Key)))
                {
                    state.FailFastReasons.TryAdd(sibling.Key, reason);
                    if (controls.TryGetValue(sibling.Key, out var c))
                    {
                        c.Cancel(reason);
                    }
                }
            }
        }

        while (!state.AllDone)
        {
            // Decide and start everything that can go now; skips and cancels cascade without a slot.
            bool progressed;
            do
            {
                progressed = false;
                foreach (var index in state.Ready.ToList())
                {
                    var job = jobs[index];
                    if (state.FailFastReasons.TryGetValue(job.Key, out var failFast))
                    {
                        state.Ready.Remove(index);
                        Finish(state.CancelledResult(job.Key, failFast));
                        progressed = true;
                        continue;
                    }

                    var decision = state.Decision(index);
                    if (decision is null || (runCancelled.IsCancellationRequested && !state.DecidedAfterCancel(index)))
                    {
                        decision = decide(job, state.Results);
                        state.SetDecision(index, decision, runCancelled.IsCancellationRequested);
                    }

                    if (!decision.ShouldRun)
                    {
                        state.Ready.Remove(index);
                        Finish(decision.Result! with { Key = job.Key });
                        progressed = true;
                        continue;
                    }

                    if (state.Running >= maxParallel || !state.GroupHasRoom(job))
                    {
                        continue;
                    }

                    state.Ready.Remove(index);
                    state.Start(job);
                    var control = new JobControl();
                    controls[job.Key] = control;
                    _ = RunOneAsync(job, control, run, completions.Writer);
                }
            }
            while (progressed);

            if (state.AllDone)
            {
                break;
            }

            if (state.Running == 0)
            {
                throw new InvalidOperationException("the job graph cannot make progress (a cycle in needs?)");
            }

            var finished = await completions.Reader.ReadAsync(CancellationToken.None);
            state.Stop(state.Job(finished.Key));
            Finish(finished);
        }

        return state.Results;
    }

    private static async Task RunOneAsync(ScheduledJob job, JobControl control, Func<ScheduledJob, JobControl, Task<JobResult>> run, ChannelWriter<JobResult> completions)
    {
        JobResult result;
        try
        {
            await Task.Yield();
            result = await run(job, control);
        }
#pragma warning disable CA1031 // A bug in one job's runner must not hang the whole run; it fails that job.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            result = new JobResult(job.Key, job.Group, job.DisplayName, JobState.Failed, "internal error: " + ex.Message, 1, null, null, new Dictionary<string, string>());
        }

        completions.TryWrite(result with { Key = job.Key });
    }
}
