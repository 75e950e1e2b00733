using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary>
/// What operators do to deployments from the dashboard, through the same <see cref="Engine.Deployments.IDeploymentCommands"/>
/// as <c>sluice deploy</c>, <c>sluice approve</c> and the API. Decisions, locks and roll backs are made as the signed-in
/// user's name (what the environment's reviewers list; <c>alice</c>, not <c>dashboard:alice</c>); the queue item of a roll
/// back is requested by <c>dashboard:NAME</c>. Answers are redirects (post/redirect/get) or a 409 page saying why not.
/// </summary>
internal static class DeploymentActions
{
    public static async Task<IResult> DecideAsync(long id, bool approve, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var form = await FormAsync(http, ct);
        var comment = form?["comment"].ToString() is { Length: > 0 } text ? text.Trim() : null;
        var outcome = await s.DeploymentCommands.DecideAsync(id, who.Name, approve, comment, ct);
        var back = SignInPage.SafeReturn(form?["return"].ToString());
        return outcome.Recorded
            ? Results.Redirect(back)
            : DashboardActions.Conflict(http, s, $"Not recorded: {outcome.Message}.", back, "Back");
    }

    public static async Task<IResult> LockAsync(string environment, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var reason = (await FormAsync(http, ct))?["reason"].ToString().Trim();
        if (string.IsNullOrEmpty(reason))
        {
            return DashboardActions.Conflict(http, s, $"A lock needs a reason: say why {environment} is locked.", DeploymentsPage.Address, "Back to deployments");
        }

        await s.DeploymentCommands.LockAsync(environment, who.Name, reason, ct);
        return Results.Redirect(DeploymentsPage.Address);
    }

    public static async Task<IResult> UnlockAsync(string environment, HttpContext http, DashboardServices s, CancellationToken ct) =>
        await s.DeploymentCommands.UnlockAsync(environment, ct)
            ? Results.Redirect(DeploymentsPage.Address)
            : DashboardActions.Conflict(http, s, $"{environment} is not locked.", DeploymentsPage.Address, "Back to deployments");

    /// <summary>Re-deploys the version the page offered (form field <c>version</c>), found again now, unless it already runs there.</summary>
    public static async Task<IResult> RollbackAsync(string environment, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var version = (await FormAsync(http, ct))?["version"].ToString() is { Length: > 0 } v ? v : null;
        var (target, problem) = await s.DeploymentCommands.RollbackTargetAsync(environment, version, ct);
        var current = await s.Deployments.LastSucceededAsync(environment, null, null, ct);
        if (target is not null && current is not null && target.Version == current.Version)
        {
            problem = $"{target.Version} is what runs on {environment} now";
        }

        var queued = problem is null && target is not null ? await s.Commands.RollbackAsync(target, current?.Id, who.Name, who.Actor, ct) : (null, problem);
        return queued.QueueId is { } queueId
            ? Results.Redirect($"/ui/queue/{queueId}")
            : DashboardActions.Conflict(http, s, $"Not rolled back: {queued.Problem}.", DeploymentsPage.Address, "Back to deployments");
    }

    private static async Task<IFormCollection?> FormAsync(HttpContext http, CancellationToken ct) =>
        http.Request.HasFormContentType ? await http.Request.ReadFormAsync(ct) : null;
}
