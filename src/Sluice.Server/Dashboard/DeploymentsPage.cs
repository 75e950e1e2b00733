using Microsoft.AspNetCore.Http;
using Sluice.Engine.Deployments;

namespace Sluice.Server.Dashboard;

/// <summary>
/// <c>/ui/deployments</c>, read from the deployment store (the one <c>sluice deploy</c> and the API use): per environment
/// the version that runs now, the queue (waiting for approval, waiting, queued, in progress; Approve / Reject for
/// operators), the lock (Lock / Unlock for operators), the finished deployments newest first, and the roll back to the
/// previous good version (operators). Viewers see the same, without the forms.
/// </summary>
internal static class DeploymentsPage
{
    public const string Address = "/ui/deployments";

    public static async Task<IResult> RenderAsync(HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var context = s.Context(http);
        var environments = await EnvironmentView.ListAsync(s.DeploymentCommands, ct);
        var shown = environments.SelectMany(e => e.History.Concat(e.Status.Active).Append(e.Status.Current).Append(e.RollbackTarget)).OfType<DeploymentRecord>();
        var messages = await s.Messages.GetAsync(shown.Select(d => (d.Repository, d.Sha)).Distinct(), ct);
        var body = new Html();
        body.Raw("<h1>Deployments</h1>");
        if (!context.IsOperator)
        {
            body.Raw("<p class=\"sub\">Signed in as a viewer: approving, locking and rolling back need an operator.</p>");
        }

        body.Raw("<div id=\"deploy-live\" data-live=\"2\">");
        if (environments.Count == 0)
        {
            body.Raw("<p class=\"empty\">No deployments yet: jobs with <code>environment:</code> in their pipeline show up here once they run.</p>");
        }

        foreach (var env in environments)
        {
            Section(body, env, messages, context);
        }

        body.Raw("</div>");
        return Layout.Page(context, "Deployments", "deployments", body);
    }

    private static void Section(Html body, EnvironmentView env, IReadOnlyDictionary<string, string> messages, PageContext context)
    {
        var status = env.Status;
        var name = status.Environment;
        var id = DeploymentViews.Slug(name);
        var path = "/ui/environments/" + Uri.EscapeDataString(name);
        body.Add($"<section class=\"env\" aria-labelledby=\"env-{id}\" data-environment=\"{name}\"><h2 id=\"env-{id}\">{name}");
        if (status.Url is { } url)
        {
            body.Add($" <span class=\"sub\">{url}</span>");
        }

        body.Raw("</h2><dl class=\"facts\">");
        if (status.Current is { } current)
        {
            body.Add($"<div><dt>Current version</dt><dd class=\"current\">{DeploymentViews.Version(current)} {Message(messages, current)} — <a href=\"/ui/runs/{current.RunId}\">run #{current.RunId}</a> {current.JobKey}, ");
            body.Add($"{current.Repository}, deployed {Views.Time(current.FinishedAt)}{(current.TriggeredBy is { } by ? " by " + by : "")}</dd></div>");
        }
        else
        {
            body.Raw("<div><dt>Current version</dt><dd class=\"current\">nothing deployed successfully yet</dd></div>");
        }

        if (status.Blocked is { } blocked)
        {
            body.Add($"<div><dt>Blocked</dt><dd>{blocked}</dd></div>");
        }

        body.Raw("<div><dt>Lock</dt><dd class=\"lock\">");
        if (status.Lock is { } held)
        {
            body.Add($"<strong>locked</strong> by {held.LockedBy} since {Views.Time(held.LockedAt)}: {held.Reason}");
            if (context.IsOperator)
            {
                body.Add($"<form method=\"post\" action=\"{path}/unlock\" class=\"inline\">{context.Field}<button type=\"submit\" aria-label=\"Unlock {name}\">Unlock</button></form>");
            }
        }
        else
        {
            body.Raw("not locked");
            if (context.IsOperator)
            {
                body.Add($"<form method=\"post\" action=\"{path}/lock\" class=\"lock-form\">{context.Field}<label for=\"lock-reason-{id}\">Reason</label> ");
                body.Add($"<input type=\"text\" id=\"lock-reason-{id}\" name=\"reason\" required maxlength=\"500\" autocomplete=\"off\"> <button type=\"submit\" aria-label=\"Lock {name}\">Lock</button></form>");
            }
        }

        body.Raw("</dd></div></dl>");
        Queue(body, env, messages, context);
        History(body, env, messages, context);
        Rollback(body, env, path, context);
        body.Raw("</section>");
    }

    private static void Queue(Html body, EnvironmentView env, IReadOnlyDictionary<string, string> messages, PageContext context)
    {
        var active = env.Status.Active;
        body.Add($"<h3>Queue ({active.Count})</h3><ul class=\"queue-list\">");
        foreach (var d in active)
        {
            body.Add($"<li data-deployment=\"{d.Id}\">{DeploymentViews.Badge(d.State)} #{d.Id} {DeploymentViews.Version(d)} {Message(messages, d)} — <a href=\"/ui/runs/{d.RunId}\">run #{d.RunId}</a> {d.JobKey}");
            body.Add($" <span class=\"sub\">{d.TriggeredBy ?? ""} · asked {Views.Time(d.RequestedAt)}{(d.State == DeploymentState.InProgress ? $" · {d.TrafficPercent}% of traffic" : "")}</span>");
            if (d.PendingApproval is { } pending)
            {
                body.Add($"<div>{DeploymentViews.Approval(pending, d.ApprovedBy)}</div>");
                if (context.IsOperator)
                {
                    DeploymentViews.DecisionForm(body, d, context, DeploymentsPage.Address);
                }
            }

            body.Raw("</li>");
        }

        if (active.Count == 0)
        {
            body.Raw("<li class=\"sub\">nothing waiting or deploying</li>");
        }

        body.Raw("</ul>");
    }

    private static void History(Html body, EnvironmentView env, IReadOnlyDictionary<string, string> messages, PageContext context)
    {
        body.Raw("<h3>History</h3><table class=\"history\"><thead><tr><th scope=\"col\">Deployment</th><th scope=\"col\">Version</th><th scope=\"col\">State</th><th scope=\"col\">Run</th>");
        body.Raw("<th scope=\"col\">By</th><th scope=\"col\">Approved by</th><th scope=\"col\">Finished</th><th scope=\"col\">Duration</th></tr></thead><tbody>");
        foreach (var d in env.History)
        {
            body.Add($"<tr data-deployment=\"{d.Id}\"><td data-label=\"Deployment\">#{d.Id}</td><td data-label=\"Version\">{DeploymentViews.Version(d)} {Message(messages, d)}</td>");
            body.Add($"<td data-label=\"State\">{DeploymentViews.Badge(d.State)}{(d.Reason is { Length: > 0 } reason ? " " + reason : "")}</td>");
            body.Add($"<td data-label=\"Run\"><a href=\"/ui/runs/{d.RunId}\">#{d.RunId}</a> {d.JobKey}</td><td data-label=\"By\">{d.TriggeredBy ?? ""}</td><td data-label=\"Approved by\">{string.Join(", ", d.ApprovedBy)}</td>");
            body.Add($"<td data-label=\"Finished\">{Views.Time(d.FinishedAt)}</td><td data-label=\"Duration\">{Views.Duration(Views.Elapsed(d.StartedAt, d.FinishedAt, context.Now))}</td></tr>");
        }

        if (env.History.Count == 0)
        {
            body.Raw("<tr><td colspan=\"8\" class=\"empty\">No finished deployments.</td></tr>");
        }

        body.Raw("</tbody></table>");
    }

    private static void Rollback(Html body, EnvironmentView env, string path, PageContext context)
    {
        body.Raw("<h3>Roll back</h3><div class=\"rollback\">");
        if (env.RollbackTarget is not { } target)
        {
            body.Add($"<p class=\"sub\">Nothing to roll back to: {env.NoRollback ?? ""}.</p></div>");
            return;
        }

        body.Add($"<p>The previous good version is {DeploymentViews.Version(target)} (deployment #{target.Id}, <a href=\"/ui/runs/{target.RunId}\">run #{target.RunId}</a>). ");
        body.Raw("Rolling back runs its job again at its commit, all traffic at once; the environment's rules and approvals apply.</p>");
        if (env.Status.Lock is not null)
        {
            body.Raw("<p class=\"sub\">While the environment is locked a roll back would be refused; unlock it first.</p>");
        }
        else if (context.IsOperator)
        {
            body.Add($"<form method=\"post\" action=\"{path}/rollback\">{context.Field}<input type=\"hidden\" name=\"version\" value=\"{target.Version}\">");
            body.Add($"<button type=\"submit\" class=\"danger\">Roll back {env.Status.Environment} to {target.Version}</button></form>");
        }

        body.Raw("</div>");
    }

    private static string Message(IReadOnlyDictionary<string, string> messages, DeploymentRecord deployment) =>
        deployment.Sha is not null && messages.TryGetValue(deployment.Sha, out var m) ? m : "";
}
