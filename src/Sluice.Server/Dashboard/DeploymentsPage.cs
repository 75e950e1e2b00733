using Microsoft.AspNetCore.Http;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;

namespace Sluice.Server.Dashboard;

/// <summary>
/// <c>/ui/deployments</c>: per repository and environment, the version deployed last, what is deploying, what waits
/// (approve or reject for operators), and the history with a roll-back (re-running an earlier successful deployment's
/// run at its commit). Locks are not recorded by the server yet and are shown as such.
/// </summary>
internal static class DeploymentsPage
{
    public static async Task<IResult> RenderAsync(HttpContext http, DashboardServices s, DeploymentHistory history, CancellationToken ct)
    {
        var context = s.Context(http);
        var environments = await history.ListAsync(ct);
        var messages = await s.Messages.GetAsync(environments.SelectMany(e => e.History.Concat(e.InProgress)).Select(e => (e.Repository, e.Run.Sha)), ct);
        var body = new Html();
        body.Raw("<h1>Deployments</h1><div id=\"deploy-live\" data-live=\"5\">");
        if (environments.Count == 0)
        {
            body.Raw("<p class=\"empty\">No deployments yet: jobs with <code>environment:</code> in their pipeline show up here once they run.</p>");
        }

        foreach (var env in environments)
        {
            var id = RunPage.Slug(env.Repository + "-" + env.Environment);
            body.Add($"<section class=\"env\" aria-labelledby=\"env-{id}\" data-environment=\"{env.Environment}\"><h2 id=\"env-{id}\">{env.Environment} <span class=\"sub\">{env.Repository}</span></h2><dl class=\"facts\">");
            if (env.Current is { } current)
            {
                body.Add($"<div><dt>Current version</dt><dd class=\"current\"><code>{Views.ShortSha(current.Run.Sha)}</code> {Message(messages, current)} — <a href=\"/ui/runs/{current.Run.Id}\">run #{current.Run.Id}</a>, {Views.Time(current.Job.FinishedAt)}</dd></div>");
            }
            else
            {
                body.Raw("<div><dt>Current version</dt><dd class=\"current\">nothing deployed successfully yet</dd></div>");
            }

            body.Raw("<div><dt>Lock</dt><dd>not locked (locks are not recorded by this server yet)</dd></div></dl>");
            body.Add($"<h3>Queue ({env.InProgress.Count + env.Queue.Count})</h3><ul class=\"queue-list\">");
            foreach (var entry in env.InProgress)
            {
                body.Add($"<li>{Views.Badge(entry.Job.State)} <a href=\"/ui/runs/{entry.Run.Id}\">run #{entry.Run.Id}</a> {entry.Job.DisplayName} <code>{Views.ShortSha(entry.Run.Sha)}</code> {Message(messages, entry)}</li>");
            }

            foreach (var item in env.Queue)
            {
                body.Add($"<li data-queue=\"{item.Id}\">{Views.Badge(item.State)} <a href=\"/ui/queue/{item.Id}\">queue #{item.Id}</a> {item.PipelineId} <code>{Views.ShortSha(item.Sha)}</code> <span class=\"sub\">{item.RequestedBy ?? ""} {item.Reason ?? ""}</span>");
                if (item.State == QueueState.AwaitingApproval && context.IsOperator)
                {
                    body.Add($"<form method=\"post\" action=\"/ui/queue/{item.Id}/approve\" class=\"inline\">{context.Field}<input type=\"hidden\" name=\"return\" value=\"/ui/deployments\"><button type=\"submit\" class=\"primary\">Approve</button></form>");
                    body.Add($"<form method=\"post\" action=\"/ui/queue/{item.Id}/reject\" class=\"inline\">{context.Field}<input type=\"hidden\" name=\"return\" value=\"/ui/deployments\"><button type=\"submit\" class=\"danger\">Reject</button></form>");
                }

                body.Raw("</li>");
            }

            if (env.InProgress.Count + env.Queue.Count == 0)
            {
                body.Raw("<li class=\"sub\">nothing waiting</li>");
            }

            body.Raw("</ul><h3>History</h3><table class=\"history\"><thead><tr><th scope=\"col\">Version</th><th scope=\"col\">State</th><th scope=\"col\">Run</th><th scope=\"col\">Actor</th><th scope=\"col\">Finished</th><th scope=\"col\">Duration</th><th scope=\"col\"><span class=\"visually-hidden\">Actions</span></th></tr></thead><tbody>");
            foreach (var entry in env.History)
            {
                body.Add($"<tr><td data-label=\"Version\"><code>{Views.ShortSha(entry.Run.Sha)}</code> {Message(messages, entry)}</td><td data-label=\"State\">{Views.Badge(entry.Job.State)}</td>");
                body.Add($"<td data-label=\"Run\"><a href=\"/ui/runs/{entry.Run.Id}\">#{entry.Run.Id}</a></td><td data-label=\"Actor\">{entry.Run.Actor ?? ""}</td><td data-label=\"Finished\">{Views.Time(entry.Job.FinishedAt)}</td>");
                body.Add($"<td data-label=\"Duration\">{Views.Duration(Views.Elapsed(entry.Job.StartedAt, entry.Job.FinishedAt, context.Now))}</td><td>");
                if (context.IsOperator && entry.Job.State == JobState.Succeeded && entry.Run.Sha != env.Current?.Run.Sha && entry.Run.State.IsTerminal())
                {
                    body.Add($"<form method=\"post\" action=\"/ui/runs/{entry.Run.Id}/rerun\" class=\"inline\">{context.Field}<button type=\"submit\" class=\"rollback\" aria-label=\"Roll {env.Environment} back to {Views.ShortSha(entry.Run.Sha)}\">Roll back to this</button></form>");
                }

                body.Raw("</td></tr>");
            }

            if (env.History.Count == 0)
            {
                body.Raw("<tr><td colspan=\"7\" class=\"empty\">No finished deployments.</td></tr>");
            }

            body.Raw("</tbody></table></section>");
        }

        body.Raw("</div>");
        return Layout.Page(context, "Deployments", "deployments", body);
    }

    private static string Message(IReadOnlyDictionary<string, string> messages, DeploymentEntry entry) =>
        entry.Run.Sha is not null && messages.TryGetValue(entry.Run.Sha, out var m) ? m : "";
}
