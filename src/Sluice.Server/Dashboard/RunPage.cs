using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Engine.Deployments;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// <c>/ui/runs/{id}</c>: the run's facts, its actions (operators), its deployments (Approve / Reject for operators when
/// one waits), the job graph, and every job with its steps. The live part refreshes every second until the run has
/// finished.
/// </summary>
internal static class RunPage
{
    public static async Task<IResult> RenderAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var context = s.Context(http);
        var run = await s.Runs.GetRunAsync(id, ct);
        if (run is null)
        {
            return NotFoundPage.Render(context, $"Run #{id} does not exist (it may have been pruned).");
        }

        var jobs = await s.Runs.GetJobsAsync(id, ct);
        var steps = await s.Runs.GetStepsAsync(id, null, ct);
        var item = await s.Queue.FindByRunAsync(id, ct);
        var deployments = await s.Deployments.ListForRunAsync(id, ct);
        var messages = await s.Messages.GetAsync([(run.Repository, run.Sha)], ct);
        var graphJobs = jobs.Select(j => ToGraph(j, context.Now)).ToList();
        var layout = JobGraph.Layout(graphJobs);

        var body = new Html();
        var terminal = run.State.IsTerminal() && (item is null || item.IsTerminal);
        body.Add($"<div id=\"run-live\" data-live=\"1\" data-terminal=\"{(terminal ? "true" : "false")}\">");
        body.Add($"<h1>Run #{run.Id} · {run.PipelineName} {Views.Badge(run.State)}</h1><dl class=\"facts\">");
        Fact(body, "Repository", run.Repository);
        Fact(body, "Trigger", Views.Trigger(run));
        Fact(body, "Branch", Views.Branch(run));
        body.Add($"<div><dt>Commit</dt><dd><code>{Views.ShortSha(run.Sha)}</code> {(run.Sha is not null && messages.TryGetValue(run.Sha, out var m) ? m : "")}</dd></div>");
        Fact(body, "Actor", run.Actor ?? "");
        body.Add($"<div><dt>Created</dt><dd>{Views.Time(run.CreatedAt)}</dd></div>");
        Fact(body, "Duration", Views.Duration(Views.Elapsed(run.StartedAt, run.FinishedAt, context.Now)));
        if (run.ParentRunId is { } parent)
        {
            body.Add($"<div><dt>Re-run of</dt><dd><a href=\"/ui/runs/{parent}\">#{parent}</a></dd></div>");
        }

        if (item?.Reason is { Length: > 0 } reason)
        {
            Fact(body, "Note", reason);
        }

        body.Raw("</dl>");
        Actions(body, run, jobs, item, context);
        Deployments(body, run.Id, deployments, context);
        body.Raw("<section aria-labelledby=\"graph-h\"><h2 id=\"graph-h\">Job graph</h2>");
        body.Raw("<p class=\"legend\"><span class=\"crit-key\" aria-hidden=\"true\">◆</span> critical path: the chain of jobs that decided the run's duration (drawn thicker)");
        if (layout.CriticalPath.Count > 0)
        {
            body.Add($" — <span id=\"critical-path\">{string.Join(" → ", layout.CriticalPath)}</span>");
        }

        body.Add($"</p><div class=\"graph-wrap\" tabindex=\"-1\">{GraphSvg.Render(layout, run.Id)}</div></section>");
        Jobs(body, run.Id, jobs, steps, graphJobs, context);
        if (!string.IsNullOrWhiteSpace(run.Summary))
        {
            body.Add($"<section aria-labelledby=\"summary-h\"><h2 id=\"summary-h\">Summary</h2><pre class=\"summary\">{run.Summary}</pre></section>");
        }

        body.Raw("</div>");
        return Layout.Page(context, $"Run #{run.Id} {run.PipelineName}", "runs", body);
    }

    public static GraphJob ToGraph(JobRecord job, DateTimeOffset now) =>
        new(job.Key, job.JobId, job.DisplayName, ParseNeeds(job.NeedsJson), job.State, Views.Elapsed(job.StartedAt, job.FinishedAt, now));

    public static IReadOnlyList<string> ParseNeeds(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static void Actions(Html body, RunRecord run, IReadOnlyList<JobRecord> jobs, QueueItem? item, PageContext context)
    {
        if (!context.IsOperator)
        {
            body.Raw("<p class=\"sub\">Signed in as a viewer: cancel, re-run and deciding deployments need an operator.</p>");
            return;
        }

        body.Raw("<div class=\"actions\" role=\"group\" aria-label=\"Run actions\">");
        if (item is { IsTerminal: false } || (!run.State.IsTerminal() && item is not null))
        {
            body.Add($"<form method=\"post\" action=\"/ui/runs/{run.Id}/cancel\">{context.Field}<button type=\"submit\" id=\"cancel\" class=\"danger\">Cancel run</button></form>");
        }

        if (run.State.IsTerminal())
        {
            body.Add($"<form method=\"post\" action=\"/ui/runs/{run.Id}/rerun\">{context.Field}<button type=\"submit\" id=\"rerun-all\">Re-run all jobs</button></form>");
            if (run.State != RunState.Succeeded && jobs.Any(j => j.State is JobState.Failed or JobState.Cancelled))
            {
                body.Add($"<form method=\"post\" action=\"/ui/runs/{run.Id}/rerun?failed=true\">{context.Field}<button type=\"submit\" id=\"rerun-failed\" class=\"primary\">Re-run failed jobs</button></form>");
            }
        }

        body.Raw("</div>");
    }

    /// <summary>The run's deployments; one waiting for approval shows what it waits for, and Approve / Reject for operators.</summary>
    private static void Deployments(Html body, long runId, IReadOnlyList<DeploymentRecord> deployments, PageContext context)
    {
        if (deployments.Count == 0)
        {
            return;
        }

        body.Raw("<section aria-labelledby=\"deployments-h\"><h2 id=\"deployments-h\">Deployments</h2><ul class=\"queue-list deployments\">");
        foreach (var d in deployments)
        {
            body.Add($"<li data-deployment=\"{d.Id}\" data-job=\"{d.JobKey}\">{DeploymentViews.Badge(d.State)} <strong>{d.JobKey}</strong> → <a href=\"/ui/deployments#env-{DeploymentViews.Slug(d.Environment)}\">{d.Environment}</a> ");
            body.Add($"{DeploymentViews.Version(d)} <span class=\"sub\">#{d.Id}{(d.Reason is { Length: > 0 } reason ? " · " + reason : "")}</span>");
            if (d.PendingApproval is { } pending && !d.State.IsTerminal())
            {
                body.Add($"<div>{DeploymentViews.Approval(pending, d.ApprovedBy)}</div>");
                if (context.IsOperator)
                {
                    DeploymentViews.DecisionForm(body, d, context, $"/ui/runs/{runId}");
                }
            }

            body.Raw("</li>");
        }

        body.Raw("</ul></section>");
    }

    private static void Jobs(Html body, long runId, IReadOnlyList<JobRecord> jobs, IReadOnlyList<StepRecord> steps, List<GraphJob> graphJobs, PageContext context)
    {
        body.Raw("<section aria-labelledby=\"jobs-h\"><h2 id=\"jobs-h\">Jobs</h2><ul class=\"jobs\">");
        foreach (var (job, graph) in jobs.Zip(graphJobs))
        {
            var own = steps.Where(st => st.JobKey == job.Key).ToList();
            var attempt = own.Count == 0 ? 0 : own.Max(st => st.Attempt);
            body.Add($"<li class=\"job {Views.Css(job.State)}\" data-key=\"{job.Key}\"><details id=\"job-{Slug(job.Key)}\"><summary>{Views.Badge(job.State)} <strong>{job.DisplayName}</strong> ");
            body.Add($"<span class=\"sub\">{Views.Duration(graph.Elapsed)}{(attempt > 1 ? $" · attempt {attempt}" : "")}{(job.Reason is { Length: > 0 } r ? " · " + r : "")}</span></summary>");
            body.Add($"<p><a href=\"/ui/runs/{runId}/logs?job={Uri.EscapeDataString(job.Key)}\">Log of {job.DisplayName}</a></p>");
            if (own.Count > 0)
            {
                body.Raw("<ol class=\"steps\">");
                foreach (var step in own.Where(st => st.Attempt == attempt).OrderBy(st => st.Index))
                {
                    body.Add($"<li>{Views.Badge(step.State)} {step.Name} <span class=\"sub\">{Views.Duration(Views.Elapsed(step.StartedAt, step.FinishedAt, context.Now))}{(step.ExitCode is { } code && code != 0 ? $" · exit {code}" : "")}</span></li>");
                }

                body.Raw("</ol>");
            }
            else
            {
                body.Raw("<p class=\"sub\">No steps yet.</p>");
            }

            body.Raw("</details></li>");
        }

        body.Raw("</ul></section>");
    }

    private static void Fact(Html body, string name, string value) => body.Add($"<div><dt>{name}</dt><dd>{value}</dd></div>");

    /// <summary>An id-safe form of a job key (keys hold spaces, parentheses and '=').</summary>
    public static string Slug(string key) => string.Concat(key.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));
}
