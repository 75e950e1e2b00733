using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Server.GitHub;

namespace Sluice.Server.Reporting;

/// <summary>
/// Reports one run to GitHub as it goes: a commit status per job (context <c>sluice/&lt;pipeline&gt;/&lt;job&gt;</c>,
/// pending → success/failure/error, linking to the run page) and, for a pull request, one comment created once and
/// edited in place. Events are queued by <see cref="OnEvent"/> (never blocks the engine) and sent in order by one
/// consumer, which coalesces comment edits. Reporting failures are logged; they never touch the run.
/// </summary>
internal sealed class RunReporter : IRunObserver
{
    private const int TailLines = 20;

    private readonly ReportTarget target;
    private readonly GitHubClient github;
    private readonly ICommentLinks links;
    private readonly ILogger logger;
    private readonly Channel<RunEvent> events = Channel.CreateUnbounded<RunEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<string, Queue<string>> tails = new(StringComparer.Ordinal);
    private readonly List<(string Key, string Name)> order = [];
    private readonly Dictionary<string, JobReport> jobs = new(StringComparer.Ordinal);
    private readonly Task consumer;
    private long? runId;
    private RunState state = RunState.Queued;
    private TimeSpan? duration;

    public RunReporter(ReportTarget target, GitHubClient github, ICommentLinks links, ILogger logger)
    {
        this.target = target;
        this.github = github;
        this.links = links;
        this.logger = logger;
        consumer = Task.Run(ConsumeAsync);
    }

    public void OnEvent(RunEvent runEvent)
    {
        if (runEvent is LogEvent log)
        {
            var tail = tails.GetOrAdd(log.JobKey, _ => new Queue<string>());
            lock (tail)
            {
                tail.Enqueue(log.Text);
                if (tail.Count > TailLines)
                {
                    tail.Dequeue();
                }
            }

            return;
        }

        events.Writer.TryWrite(runEvent);
    }

    /// <summary>Sends what is still queued (the final statuses and comment); waits at most <paramref name="timeout"/>.</summary>
    public async Task CompleteAsync(TimeSpan timeout)
    {
        events.Writer.TryComplete();
        await Task.WhenAny(consumer, Task.Delay(timeout));
    }

    private async Task ConsumeAsync()
    {
        var reader = events.Reader;
        while (await reader.WaitToReadAsync())
        {
            var commentDirty = false;
            while (reader.TryRead(out var item))
            {
                try
                {
                    commentDirty |= await ApplyAsync(item);
                }
#pragma warning disable CA1031 // Reporting must never fail a run.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    logger.LogWarning(e, "reporting {Event} failed", item.GetType().Name);
                }
            }

            if (commentDirty && target.PullRequest is not null)
            {
                await UpdateCommentAsync();
            }
        }
    }

    private async Task<bool> ApplyAsync(RunEvent item)
    {
        switch (item)
        {
            case RunStartedEvent started:
                runId = started.RunId;
                state = RunState.Running;
                foreach (var job in started.Jobs)
                {
                    order.Add((job.Key, job.DisplayName));
                    jobs[job.Key] = new JobReport(job.Key, job.DisplayName, JobState.Pending, null, null, []);
                }

                foreach (var job in started.Jobs)
                {
                    await StatusAsync(job.Key, "pending", "waiting");
                }

                return true;
            case JobStartedEvent jobStarted when jobs.TryGetValue(jobStarted.JobKey, out var job):
                jobs[job.Key] = job with { State = JobState.Running };
                await StatusAsync(job.Key, "pending", jobStarted.Attempt > 1 ? $"running (attempt {jobStarted.Attempt})" : "running");
                return true;
            case JobFinishedEvent finished:
                var result = finished.Result;
                var tail = result.State == JobState.Failed && tails.TryGetValue(result.Key, out var lines) ? Snapshot(lines) : [];
                jobs[result.Key] = new JobReport(result.Key, result.DisplayName, result.State, result.Reason, result.Duration, tail);
                if (!order.Any(o => o.Key == result.Key))
                {
                    order.Add((result.Key, result.DisplayName));
                }

                var (statusState, description) = result.State switch
                {
                    _ when result.CountsAsSuccess => ("success", result.State == JobState.Failed ? "failed (continue-on-error)" : "succeeded"),
                    JobState.Failed => ("failure", result.Reason ?? "failed"),
                    JobState.Cancelled => ("error", result.Reason ?? "cancelled"),
                    JobState.Skipped => ("success", "skipped: " + (result.Reason ?? "")),
                    _ => ("pending", result.State.ToString()),
                };
                await StatusAsync(result.Key, statusState, description + (result.Duration is { } d ? $" in {CommentRenderer.Format(d)}" : ""));
                return true;
            case RunFinishedEvent runFinished:
                state = runFinished.Result.State;
                duration = runFinished.Result.Duration;
                return true;
            default:
                return false;
        }
    }

    private async Task StatusAsync(string jobKey, string statusState, string description)
    {
        if (target.Sha is null || target.Token is null)
        {
            return;
        }

        var status = new CommitStatus(statusState, $"sluice/{target.PipelineId}/{jobKey}", description, RunUrl());
        var result = await github.CreateStatusAsync(target.Repository, target.Token, target.Sha, status, CancellationToken.None);
        if (!result.Ok)
        {
            logger.LogWarning("commit status {Context} not reported: {Error}", status.Context, result.Error);
        }
    }

    private async Task UpdateCommentAsync()
    {
        if (target.Token is null)
        {
            return;
        }

        try
        {
            var report = new RunReport(target.PipelineId, target.PipelineName, runId, state, target.Sha, target.EventKind, duration, RunUrl(),
                order.Select(o => jobs[o.Key]).ToList());
            var parts = CommentRenderer.Render(report);
            var existing = await links.GetAsync(target.QueueId, CancellationToken.None);
            for (var part = 0; part < parts.Count; part++)
            {
                if (existing.TryGetValue(part, out var commentId))
                {
                    var updated = await github.UpdateCommentAsync(target.Repository, target.Token, commentId, parts[part], CancellationToken.None);
                    LogFailure(updated.Error);
                }
                else
                {
                    var created = await github.CreateCommentAsync(target.Repository, target.Token, target.PullRequest!.Value, parts[part], CancellationToken.None);
                    LogFailure(created.Error);
                    if (created.Ok)
                    {
                        await links.SetAsync(target.QueueId, part, created.Value, CancellationToken.None);
                    }
                }
            }
        }
#pragma warning disable CA1031 // Reporting must never fail a run.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "updating the pull request comment failed");
        }
    }

    private void LogFailure(string? error)
    {
        if (error is not null)
        {
            logger.LogWarning("pull request comment not updated: {Error}", error);
        }
    }

    private string? RunUrl() => runId is { } id && target.BaseUrl is { } url ? $"{url.TrimEnd('/')}/runs/{id}" : null;

    private static List<string> Snapshot(Queue<string> lines)
    {
        lock (lines)
        {
            return lines.ToList();
        }
    }
}
