using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Core.Events;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Core.Scheduling;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Schedules;

/// <summary>
/// Fires <c>on.schedule</c> pipelines of each repository's default branch. Every <see cref="ServerConfig.ScheduleInterval"/>
/// (and once at start-up) it looks at the fire times after the last one handled, up to now: when one or more were
/// reached — also while the server was down — the pipeline runs once, for the latest of them. The store records each
/// fire time with its run in one transaction, so a fire time runs exactly once across restarts. A pipeline seen for
/// the first time starts from now (no back-fill). Time comes from the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed class ScheduleService(
    ServerConfig config, ServerStorage storage, MirrorStore mirrors, QueueSignal signal, TimeProvider time, ILogger<ScheduleService> logger) : BackgroundService
{
    /// <summary>Bounds the walk over missed fire times (a per-minute cron after a year down).</summary>
    private const int MaxMissedFires = 100_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
                await Task.Delay(config.ScheduleInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // A failing repository or database hiccup must not stop the schedules; next tick tries again.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.LogError(e, "checking schedules failed");
                await Task.Delay(config.ScheduleInterval, time, CancellationToken.None);
            }
        }
    }

    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var repo in config.Repositories)
        {
            var head = await mirrors.ResolveAsync(repo, "refs/heads/" + repo.DefaultBranch, fetch: true, cancellationToken);
            if (head is null)
            {
                continue;
            }

            var pipelines = (await mirrors.LoadPipelinesAsync(repo, head, cancellationToken))?.Pipelines ?? [];
            foreach (var pipeline in pipelines.Where(p => p.On.Schedule is not null))
            {
                await CheckAsync(repo, pipeline, head, cancellationToken);
            }
        }
    }

    private async Task CheckAsync(RepositoryConfig repo, Pipeline pipeline, string head, CancellationToken cancellationToken)
    {
        if (!ScheduleCalculator.TryCreate(pipeline.On.Schedule!, out var calculator, out var error))
        {
            logger.LogWarning("{Repository} {Pipeline}: schedule not usable: {Error}", repo.Name, pipeline.Id, error);
            return;
        }

        var now = time.GetUtcNow();
        var last = await storage.Schedules.GetLastFireAsync(repo.Name, pipeline.Id, cancellationToken);
        if (last is null)
        {
            await storage.Schedules.StartTrackingAsync(repo.Name, pipeline.Id, now, cancellationToken);
            return;
        }

        DateTimeOffset? due = null;
        var missed = 0;
        for (var next = calculator.GetNextFireTime(last.Value); next is { } at && at <= now && missed < MaxMissedFires; next = calculator.GetNextFireTime(at))
        {
            due = at;
            missed++;
        }

        if (due is not { } fireAt)
        {
            return;
        }

        var ev = new PipelineEvent(EventKind.Schedule, Branch: repo.DefaultBranch, Sha: head, Pipeline: pipeline.Id, Repository: repo.Name, Actor: "schedule");
        var plan = Planner.PlanPipeline(pipeline, ev);
        var request = QueueRequests.FromPlans(repo, ev, [plan], $"schedule@{fireAt.ToUnixTimeMilliseconds()}", null, "schedule").FirstOrDefault();
        if (request is null)
        {
            return;
        }

        if (await storage.Schedules.FireAsync(repo.Name, pipeline.Id, fireAt, request, now, cancellationToken))
        {
            logger.LogInformation("{Repository} {Pipeline}: scheduled run for {FireAt:u}{Missed}", repo.Name, pipeline.Id, fireAt,
                missed > 1 ? $" ({missed - 1} earlier fire time(s) missed while stopped run once with it)" : "");
            signal.Notify();
        }
    }
}
