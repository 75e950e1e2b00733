using Microsoft.AspNetCore.Http;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// <c>/ui/</c>: runs newest first with filters (repository, pipeline, branch, state), and the queue above them: items
/// awaiting approval (approve or reject, for operators) and items waiting for a free slot. Refreshes itself every few seconds.
/// </summary>
internal static class RunsPage
{
    public const int DefaultLimit = 50;

    public static async Task<IResult> RenderAsync(HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var query = http.Request.Query;
        var filter = new RunsFilter(Blank(query["repo"]), Blank(query["pipeline"]), Blank(query["branch"]),
            Enum.TryParse<RunState>(query["state"], ignoreCase: true, out var st) ? st : null,
            int.TryParse(query["limit"], out var n) ? Math.Clamp(n, 1, 500) : DefaultLimit);
        var context = s.Context(http);
        var runs = await ListAsync(s.Runs, filter, ct);
        var messages = await s.Messages.GetAsync(runs.Select(r => (r.Repository, r.Sha)), ct);
        var waiting = await s.Queue.ListAsync(new QueueQuery(50, filter.Repository, null, QueueState.AwaitingApproval), ct);
        var queued = await s.Queue.ListAsync(new QueueQuery(50, filter.Repository, null, QueueState.Queued), ct);

        var body = new Html();
        body.Raw("<h1>Runs</h1>");
        Filters(body, filter, s);
        body.Raw("<div id=\"runs-live\" data-live=\"5\">");
        QueueTable(body, "Awaiting approval", "waiting", waiting, context);
        QueueTable(body, "Queued", "queued", queued, context);
        body.Add($"<table class=\"runs\" aria-describedby=\"runs-caption\"><caption id=\"runs-caption\">{runs.Count} {(runs.Count == 1 ? "run" : "runs")}, newest first{(runs.Count == filter.Limit ? " (more with a higher limit)" : "")}</caption>");
        body.Raw("<thead><tr><th scope=\"col\">Run</th><th scope=\"col\">State</th><th scope=\"col\">Pipeline</th><th scope=\"col\">Trigger</th><th scope=\"col\">Commit</th><th scope=\"col\">Branch</th><th scope=\"col\">Actor</th><th scope=\"col\">Created</th><th scope=\"col\">Duration</th></tr></thead><tbody>");
        foreach (var run in runs)
        {
            var message = run.Sha is not null && messages.TryGetValue(run.Sha, out var m) ? m : "";
            body.Add($"<tr class=\"{Views.Css(run.State)}\"><td data-label=\"Run\"><a href=\"/ui/runs/{run.Id}\">#{run.Id}</a></td><td data-label=\"State\">{Views.Badge(run.State)}</td>");
            body.Add($"<td data-label=\"Pipeline\">{run.PipelineName}<div class=\"sub\">{run.Repository}</div></td><td data-label=\"Trigger\">{Views.Trigger(run)}</td>");
            body.Add($"<td data-label=\"Commit\"><code>{Views.ShortSha(run.Sha)}</code> <span class=\"msg\">{message}</span></td><td data-label=\"Branch\">{Views.Branch(run)}</td>");
            body.Add($"<td data-label=\"Actor\">{run.Actor ?? ""}</td><td data-label=\"Created\">{Views.Time(run.CreatedAt)}</td><td data-label=\"Duration\">{Views.Duration(Views.Elapsed(run.StartedAt, run.FinishedAt, context.Now))}</td></tr>");
        }

        if (runs.Count == 0)
        {
            body.Raw("<tr><td colspan=\"9\" class=\"empty\">No runs match.</td></tr>");
        }

        body.Raw("</tbody></table></div>");
        return Layout.Page(context, "Runs", "runs", body);
    }

    /// <summary>The store filters by repository, pipeline and state; branch is filtered here over a wider window.</summary>
    public static async Task<IReadOnlyList<RunRecord>> ListAsync(IRunStore runs, RunsFilter filter, CancellationToken ct)
    {
        var window = filter.Branch is null ? filter.Limit : Math.Min(1000, filter.Limit * 10);
        var found = await runs.ListRunsAsync(new RunQuery(window, filter.Pipeline, filter.State, filter.Repository), ct);
        return found.Where(r => filter.Branch is null || string.Equals(Views.Branch(r), filter.Branch, StringComparison.Ordinal)).Take(filter.Limit).ToList();
    }

    private static void Filters(Html body, RunsFilter filter, DashboardServices s)
    {
        body.Raw("<form class=\"filters\" method=\"get\" action=\"/ui/\" role=\"search\" aria-label=\"Filter runs\">");
        body.Raw("<label>Repository <select name=\"repo\"><option value=\"\">all</option>");
        foreach (var repo in s.Config.Repositories)
        {
            body.Add($"<option{(string.Equals(repo.Name, filter.Repository, StringComparison.OrdinalIgnoreCase) ? new HtmlRaw(" selected") : default)}>{repo.Name}</option>");
        }

        body.Add($"</select></label><label>Pipeline <input name=\"pipeline\" value=\"{filter.Pipeline ?? ""}\" placeholder=\"any\"></label>");
        body.Add($"<label>Branch <input name=\"branch\" value=\"{filter.Branch ?? ""}\" placeholder=\"any\"></label>");
        body.Raw("<label>State <select name=\"state\"><option value=\"\">any</option>");
        foreach (var state in Enum.GetValues<RunState>())
        {
            body.Add($"<option value=\"{state.ToString().ToLowerInvariant()}\"{(state == filter.State ? new HtmlRaw(" selected") : default)}>{state.ToString().ToLowerInvariant()}</option>");
        }

        body.Raw("</select></label><button type=\"submit\">Filter</button> <a href=\"/ui/\">Clear</a></form>");
    }

    private static void QueueTable(Html body, string title, string id, IReadOnlyList<QueueItem> items, PageContext context)
    {
        if (items.Count == 0)
        {
            return;
        }

        body.Add($"<section class=\"queue\" aria-labelledby=\"q-{id}\"><h2 id=\"q-{id}\">{title} ({items.Count})</h2><ul class=\"queue-list\">");
        foreach (var item in items)
        {
            body.Add($"<li data-queue=\"{item.Id}\"><a href=\"/ui/queue/{item.Id}\">queue #{item.Id}</a> {Views.Badge(item.State)} <strong>{item.PipelineId}</strong> {item.Repository} ");
            body.Add($"<code>{Views.ShortSha(item.Sha)}</code>{(item.PullRequest is { } pr ? $" PR #{pr}" : "")} <span class=\"sub\">{item.RequestedBy ?? ""} {item.Reason ?? ""}</span>");
            if (item.State == QueueState.AwaitingApproval && context.IsOperator)
            {
                body.Add($"<form method=\"post\" action=\"/ui/queue/{item.Id}/approve\" class=\"inline\">{context.Field}<button type=\"submit\" class=\"primary\">Approve</button></form>");
                body.Add($"<form method=\"post\" action=\"/ui/queue/{item.Id}/reject\" class=\"inline\">{context.Field}<button type=\"submit\" class=\"danger\">Reject</button></form>");
            }

            body.Raw("</li>");
        }

        body.Raw("</ul></section>");
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
