using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Dashboard;

/// <summary><c>/ui/queue/{id}</c>: where a re-run or an approved item lands; it forwards to the run as soon as the run exists.</summary>
internal static class QueuePage
{
    public static async Task<IResult> RenderAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var context = s.Context(http);
        var item = await s.Queue.GetAsync(id, ct);
        if (item is null)
        {
            return NotFoundPage.Render(context, $"Queue item #{id} does not exist.");
        }

        if (item.RunId is { } runId)
        {
            return Results.Redirect($"/ui/runs/{runId}");
        }

        var body = new Html();
        body.Add($"<div id=\"queue-live\" data-live=\"1\" data-terminal=\"{(item.IsTerminal ? "true" : "false")}\"><h1>Queue item #{item.Id} {Views.Badge(item.State)}</h1><dl class=\"facts\">");
        body.Add($"<div><dt>Pipeline</dt><dd>{item.PipelineId}</dd></div><div><dt>Repository</dt><dd>{item.Repository}</dd></div>");
        body.Add($"<div><dt>Commit</dt><dd><code>{Views.ShortSha(item.Sha)}</code></dd></div><div><dt>Requested by</dt><dd>{item.RequestedBy ?? ""}</dd></div>");
        body.Add($"<div><dt>Created</dt><dd>{Views.Time(item.CreatedAt)}</dd></div><div><dt>Note</dt><dd>{item.Reason ?? ""}</dd></div></dl>");
        body.Raw(item.IsTerminal ? "<p>This item finished without starting a run.</p>" : "<p class=\"sub\">Waiting for the run to start; this page follows it.</p>");
        body.Raw("</div>");
        return Layout.Page(context, $"Queue #{item.Id}", "runs", body);
    }
}
