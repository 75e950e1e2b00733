using Sluice.Core.Events;
using Sluice.Core.Planning;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;
using Sluice.Server.Queue;

namespace Sluice.Server.Webhooks;

/// <summary>Plans an event against the pipelines of <c>.sluice/</c> at the event's commit, and turns the matches into queue requests.</summary>
internal sealed class EventPlanning(MirrorStore mirrors)
{
    public async Task<DeliveryOutcome> PlanAsync(RepositoryConfig repo, PipelineEvent ev, string? dedupe, string? deliveryId, CancellationToken cancellationToken, bool force = false)
    {
        var set = await mirrors.LoadPipelinesAsync(repo, ev.Sha!, cancellationToken);
        if (set is null)
        {
            return DeliveryOutcome.Nothing($"no .sluice/ folder at {Short(ev.Sha)}");
        }

        var plans = force && ev.Pipeline is not null
            ? set.Pipelines.Where(p => p.Id == ev.Pipeline || p.Name == ev.Pipeline).Select(p => Planner.PlanPipeline(p, ev, force: true)).ToList()
            : Planner.Plan(set.Pipelines, ev).Pipelines;
        var runs = QueueRequests.FromPlans(repo, ev, plans, dedupe, deliveryId, null);
        var invalid = set.Files.Where(f => f.Result.Pipeline is null).Select(f => f.DisplayPath).ToList();
        var summary = string.Join("; ", plans.Select(p => $"{p.Pipeline.Id}: {(p.Matched ? "queued" : "not run")} ({p.Reason})"));
        if (invalid.Count > 0)
        {
            summary += $"; invalid pipeline files: {string.Join(", ", invalid)}";
        }

        return new DeliveryOutcome(summary.Length == 0 ? "no pipelines" : summary, runs);
    }

    public static string Short(string? sha) => sha is { Length: > 7 } ? sha[..7] : sha ?? "?";
}
