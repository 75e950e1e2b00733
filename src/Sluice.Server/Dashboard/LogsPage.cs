using Microsoft.AspNetCore.Http;
using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>
/// <c>/ui/runs/{id}/logs?job=KEY</c>: the log viewer's frame. Lines arrive over <see cref="LogFeed"/> and are drawn by
/// <c>logs.js</c> (only the rows in view exist in the page, so 100,000 lines stay fast), with ANSI colours,
/// timestamps, <c>#L123</c> line links, search and the raw download. Without a job, the first failed (else running,
/// else first) job is shown.
/// </summary>
internal static class LogsPage
{
    public static async Task<IResult> RenderAsync(long id, HttpContext http, DashboardServices s, CancellationToken ct)
    {
        var context = s.Context(http);
        var run = await s.Runs.GetRunAsync(id, ct);
        if (run is null)
        {
            return NotFoundPage.Render(context, $"Run #{id} does not exist.");
        }

        var jobs = await s.Runs.GetJobsAsync(id, ct);
        string? key = http.Request.Query["job"];
        var job = jobs.FirstOrDefault(j => j.Key == key);
        if (job is null)
        {
            var pick = jobs.FirstOrDefault(j => j.State == JobState.Failed) ?? jobs.FirstOrDefault(j => j.State == JobState.Running) ?? jobs.FirstOrDefault();
            return key is null && pick is not null
                ? Results.Redirect($"/ui/runs/{id}/logs?job={Uri.EscapeDataString(pick.Key)}")
                : NotFoundPage.Render(context, $"Run #{id} has no job `{key}`.");
        }

        var escaped = Uri.EscapeDataString(job.Key);
        var body = new Html();
        body.Add($"<p class=\"crumbs\"><a href=\"/ui/runs/{id}\">Run #{id} · {run.PipelineName}</a></p>");
        body.Add($"<div id=\"log-head\" data-live=\"2\" data-terminal=\"{(run.State.IsTerminal() ? "true" : "false")}\"><h1>Log of {job.DisplayName} {Views.Badge(job.State)}</h1>");
        body.Raw("<nav class=\"job-tabs\" aria-label=\"Jobs of this run\"><ul>");
        foreach (var other in jobs)
        {
            body.Add($"<li><a href=\"/ui/runs/{id}/logs?job={Uri.EscapeDataString(other.Key)}\" class=\"{Views.Css(other.State)}\"{(other.Key == job.Key ? new HtmlRaw(" aria-current=\"page\"") : default)}><span class=\"dot\" aria-hidden=\"true\"></span>{other.DisplayName}<span class=\"visually-hidden\"> ({other.State.ToString().ToLowerInvariant()})</span></a></li>");
        }

        body.Raw("</ul></nav></div>");
        body.Raw("<div class=\"log-tools\" role=\"toolbar\" aria-label=\"Log tools\">");
        body.Raw("<label class=\"search\">Search <input type=\"search\" id=\"log-search\" autocomplete=\"off\" placeholder=\"text in the log\"></label>");
        body.Raw("<button type=\"button\" id=\"log-prev\" aria-label=\"Previous match\">↑</button><button type=\"button\" id=\"log-next\" aria-label=\"Next match\">↓</button>");
        body.Raw("<span id=\"log-matches\" role=\"status\" aria-live=\"polite\"></span>");
        body.Raw("<label><input type=\"checkbox\" id=\"log-times\" checked> Timestamps (UTC)</label>");
        body.Raw("<label><input type=\"checkbox\" id=\"log-follow\" checked> Follow</label>");
        body.Add($"<a id=\"log-raw\" href=\"/ui/runs/{id}/logs/raw?job={escaped}\" download>Download raw</a></div>");
        body.Raw("<p id=\"log-status\" class=\"sub\" role=\"status\" aria-live=\"polite\">Loading…</p>");
        body.Add($"<div id=\"log\" class=\"log\" tabindex=\"0\" role=\"region\" aria-label=\"Log lines of {job.DisplayName}\" data-stream=\"/ui/runs/{id}/logs/stream?job={escaped}\">");
        body.Raw("<div class=\"log-spacer\"></div><div class=\"log-rows\"></div></div>");
        body.Add($"<noscript><p>The live viewer needs JavaScript; <a href=\"/ui/runs/{id}/logs/raw?job={escaped}\">open the raw log</a>.</p></noscript>");
        return Layout.Page(context, $"Log of {job.DisplayName} · run #{id}", "runs", body, scripts: ["dashboard.js", "logs.js"]);
    }
}
