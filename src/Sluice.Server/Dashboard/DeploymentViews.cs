using System.Globalization;
using Sluice.Engine.Deployments;

namespace Sluice.Server.Dashboard;

/// <summary>
/// How deployments look on the Deployments and Run pages: state badges (text and colour), the version with what it
/// rolled back, the approval it waits for, and the Approve / Reject form operators get for it.
/// </summary>
internal static class DeploymentViews
{
    public static string Css(DeploymentState state) => "s-" + state switch
    {
        DeploymentState.WaitingApproval or DeploymentState.Waiting => "waiting",
        DeploymentState.InProgress => "running",
        DeploymentState.Failed or DeploymentState.RolledBack or DeploymentState.Rejected or DeploymentState.Refused => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static HtmlRaw Badge(DeploymentState state) => Views.Badge(Css(state), state.Text());

    /// <summary><c>1.0.2</c>, or <c>1.0.2 (rollback of #7)</c>.</summary>
    public static HtmlRaw Version(DeploymentRecord deployment) => new Html()
        .Add($"<code class=\"version\">{deployment.Version}</code>{(deployment.RollbackOf is { } of ? new HtmlRaw(string.Create(CultureInfo.InvariantCulture, $" <span class=\"sub\">(rollback of #{of})</span>")) : default)}")
        .ToRaw();

    /// <summary>What the deployment waits for: <c>approval by 1 of alice, bob (approved so far: none) · until ...</c>.</summary>
    public static HtmlRaw Approval(PendingApproval pending, IReadOnlyList<string> approvedBy)
    {
        var request = pending.Request;
        var who = request.Reviewers.Count == 0 ? "anyone" : string.Join(", ", request.Reviewers);
        var gate = pending.Gate == 0 ? "approval" : string.Create(CultureInfo.InvariantCulture, $"approval of step {pending.Gate}");
        var html = new Html().Add($"<span class=\"approval\">{gate} by {request.Rule.Required} of {who}");
        if (approvedBy.Count > 0)
        {
            html.Add($" (approved so far: {string.Join(", ", approvedBy)})");
        }

        if (!request.Rule.SelfApproval && request.TriggeredBy is { Length: > 0 } by)
        {
            html.Add($"; not {by}, who asked for it");
        }

        if (request.Deadline is { } deadline)
        {
            html.Add($" · rejected automatically at {Views.Time(deadline)}");
        }

        return html.Raw("</span>").ToRaw();
    }

    /// <summary>
    /// One form for a waiting deployment: an optional comment (labelled) and two buttons, Approve (the form's action) and
    /// Reject (its own <c>formaction</c>), named after the deployment so a screen reader tells them apart. Operators only.
    /// </summary>
    public static void DecisionForm(Html body, DeploymentRecord deployment, PageContext context, string returnTo)
    {
        var id = deployment.Id.ToString(CultureInfo.InvariantCulture);
        var what = $"deployment #{id} of {deployment.Version} to {deployment.Environment}";
        body.Add($"<form method=\"post\" action=\"/ui/deployments/{id}/approve\" class=\"decide\" data-deployment=\"{id}\">{context.Field}<input type=\"hidden\" name=\"return\" value=\"{returnTo}\">");
        body.Add($"<label for=\"comment-{id}\">Comment <span class=\"sub\">(optional)</span></label> <input type=\"text\" id=\"comment-{id}\" name=\"comment\" maxlength=\"500\" autocomplete=\"off\">");
        body.Add($" <button type=\"submit\" class=\"primary\" aria-label=\"Approve {what}\">Approve</button>");
        body.Add($" <button type=\"submit\" class=\"danger\" formaction=\"/ui/deployments/{id}/reject\" aria-label=\"Reject {what}\">Reject</button></form>");
    }

    /// <summary>An environment name as part of an element id (names hold letters, digits, <c>-</c>, <c>_</c> and <c>.</c>).</summary>
    public static string Slug(string environment) => RunPage.Slug(environment);
}
