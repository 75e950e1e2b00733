using Sluice.Core.Events;
using Sluice.Core.Expressions;
using Sluice.Core.Planning;
using Sluice.Engine.Execution;
using Sluice.Engine.Runs;
using Sluice.Server.Config;

namespace Sluice.Server.Queue;

/// <summary>
/// Turns the matched plans of one event into queue requests: the event as JSON, the evaluated concurrency group
/// (scoped by repository, as GitHub scopes it), fork approval, and a dedupe key so the same event never enqueues twice.
/// </summary>
internal static class QueueRequests
{
    /// <param name="dedupe">Identifies the event (a delivery id, a tag at a sha, a schedule fire); null = never deduplicated.</param>
    public static IReadOnlyList<QueueRequest> FromPlans(
        RepositoryConfig repo, PipelineEvent ev, IEnumerable<PipelinePlan> plans, string? dedupe, string? deliveryId, string? requestedBy)
    {
        var json = EventJson.Serialize(ev);
        return plans.Where(p => p.Matched).Select(plan =>
        {
            var (group, cancel) = Concurrency(repo.Name, plan, ev);
            return new QueueRequest(repo.Name, plan.Pipeline.Id, QueueKind.Pipeline, json,
                DedupeKey: dedupe is null ? null : $"{dedupe}:{plan.Pipeline.Id}",
                ConcurrencyGroup: group, CancelInProgress: cancel, PullRequest: ev.PullRequest, Sha: ev.Sha,
                AwaitingApproval: ev.Fork && repo.RequireForkApproval, DeliveryId: deliveryId, RequestedBy: requestedBy ?? ev.Actor);
        }).ToList();
    }

    /// <summary>The pipeline's <c>concurrency.group</c> rendered with the event and inputs, prefixed by the repository.</summary>
    public static (string? Group, bool CancelInProgress) Concurrency(string repository, PipelinePlan plan, PipelineEvent ev)
    {
        if (plan.Pipeline.Concurrency is not { } concurrency)
        {
            return (null, false);
        }

        var context = new DictionaryExpressionContext(new Dictionary<string, ExprValue>(StringComparer.Ordinal)
        {
            ["event"] = EventContext.Build(ev, plan.CommandArgs.Count > 0 ? plan.CommandArgs : null),
            ["inputs"] = EventContext.Strings(plan.Inputs ?? ev.Inputs ?? new Dictionary<string, string>()),
        });
        var rendered = RunTimeExpressions.Render(concurrency.Group, context);
        var group = rendered.Error is null ? rendered.Text : concurrency.Group;
        return ($"{repository}:{group}", concurrency.CancelInProgress);
    }
}
