using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary>
/// What operators do from the dashboard, through the same <see cref="Queue.QueueCommands"/> as the API and ChatOps,
/// attributed to <c>dashboard:NAME</c>. Each answers with a redirect (post/redirect/get): back to the page, or to the
/// new queue item, which forwards to its run.
/// </summary>
internal static class DashboardActions
{
    public static async Task<IResult> CancelAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var item = await s.Queue.FindByRunAsync(id, ct);
        var ok = item is not null && await s.Commands.CancelAsync(item.Id, $"cancelled by {who.Actor}", ct);
        return ok ? Results.Redirect($"/ui/runs/{id}") : Conflict(http, s, $"Run #{id} is not queued or running.");
    }

    public static async Task<IResult> RerunAsync(long id, bool? failed, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var queueId = await s.Commands.RerunAsync(id, failed ?? false, who.Actor, ct);
        return queueId is { } q ? Results.Redirect($"/ui/queue/{q}") : Conflict(http, s, $"Run #{id} does not exist or has not finished.");
    }

    public static async Task<IResult> ApproveAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        return await s.Commands.ApproveAsync(id, who.Actor, ct)
            ? Results.Redirect(await ReturnAsync(http, ct))
            : Conflict(http, s, $"Queue item #{id} is not awaiting approval.");
    }

    public static async Task<IResult> RejectAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var who = s.Auth.Current(http)!;
        var item = await s.Queue.GetAsync(id, ct);
        if (item is not { State: Queue.QueueState.AwaitingApproval })
        {
            return Conflict(http, s, $"Queue item #{id} is not awaiting approval.");
        }

        await s.Commands.CancelAsync(id, $"rejected by {who.Actor}", ct);
        return Results.Redirect(await ReturnAsync(http, ct));
    }

    private static async Task<string> ReturnAsync(HttpContext http, CancellationToken ct) =>
        SignInPage.SafeReturn(http.Request.HasFormContentType ? (await http.Request.ReadFormAsync(ct))["return"].ToString() : null);

    /// <summary>The page that says why an action was not done (409), with a way back.</summary>
    public static IResult Conflict(HttpContext http, DashboardServices s, string message, string back = "/ui/", string backText = "Back to runs") =>
        Layout.Page(s.Context(http), "Not possible", "", new Html().Add($"<h1>Not possible</h1><p role=\"alert\">{message}</p><p><a href=\"{back}\">{backText}</a></p>"), status: StatusCodes.Status409Conflict);
}
