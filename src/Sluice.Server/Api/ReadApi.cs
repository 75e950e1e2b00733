using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using Sluice.Server.Reporting;

namespace Sluice.Server.Api;

/// <summary>
/// Reading and steering runs (API token required): runs, one run with its jobs, logs (JSON pages, or live as
/// Server-Sent Events with <c>Accept: text/event-stream</c>), cancel and re-run; the queue, cancel and approve.
/// <c>GET /runs/{id}</c> is the page commit statuses link to: states and durations only, no logs, no token.
/// </summary>
internal static class ReadApi
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public static IEndpointRouteBuilder MapReadApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").AddEndpointFilter<ApiTokenFilter>();
        api.MapGet("/runs", async (IRunStore runs, int? limit, string? repository, string? pipeline, CancellationToken ct) =>
            Results.Json(await runs.ListRunsAsync(new RunQuery(Math.Clamp(limit ?? 50, 1, 1000), pipeline, null, repository), ct), Json));
        api.MapGet("/runs/{id:long}", async (long id, IRunStore runs, IRunQueue queue, CancellationToken ct) =>
            await runs.GetRunAsync(id, ct) is { } run
                ? Results.Json(new { run, jobs = await runs.GetJobsAsync(id, ct), queue = await queue.FindByRunAsync(id, ct) }, Json)
                : NotFound($"run {id}"));
        api.MapGet("/runs/{id:long}/logs", LogsAsync);
        api.MapPost("/runs/{id:long}/cancel", async (long id, HttpContext http, IRunQueue queue, QueueCommands commands, CancellationToken ct) =>
            await queue.FindByRunAsync(id, ct) is { } item && await commands.CancelAsync(item.Id, $"cancelled by {Who(http)}", ct)
                ? Results.Json(new { cancelled = true, queueId = item.Id }, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(new { error = $"run {id} is not queued or running" }, statusCode: StatusCodes.Status409Conflict));
        api.MapPost("/runs/{id:long}/rerun", async (long id, bool? failed, HttpContext http, QueueCommands commands, CancellationToken ct) =>
            await commands.RerunAsync(id, failed ?? false, Who(http), ct) is { } queueId
                ? Results.Json(new { queueId }, statusCode: StatusCodes.Status202Accepted)
                : Results.Json(new { error = $"run {id} does not exist or has not finished" }, statusCode: StatusCodes.Status409Conflict));
        api.MapGet("/queue", async (IRunQueue queue, int? limit, string? repository, int? pullRequest, CancellationToken ct) =>
            Results.Json(await queue.ListAsync(new QueueQuery(Math.Clamp(limit ?? 50, 1, 1000), repository, pullRequest), ct), Json));
        api.MapGet("/queue/{id:long}", async (long id, IRunQueue queue, CancellationToken ct) =>
            await queue.GetAsync(id, ct) is { } item ? Results.Json(item, Json) : NotFound($"queue item {id}"));
        api.MapPost("/queue/{id:long}/cancel", async (long id, HttpContext http, QueueCommands commands, CancellationToken ct) =>
            await commands.CancelAsync(id, $"cancelled by {Who(http)}", ct) ? Results.Accepted() : Results.Json(new { error = "not queued or running" }, statusCode: StatusCodes.Status409Conflict));
        api.MapPost("/queue/{id:long}/approve", async (long id, HttpContext http, QueueCommands commands, CancellationToken ct) =>
            await commands.ApproveAsync(id, Who(http), ct) ? Results.Accepted() : Results.Json(new { error = "not awaiting approval" }, statusCode: StatusCodes.Status409Conflict));
        app.MapGet("/runs/{id:long}", RunPageAsync);
        return app;
    }

    private static async Task<IResult> LogsAsync(long id, string? job, long? after, int? limit, HttpContext http, IRunStore runs, CancellationToken ct)
    {
        if (await runs.GetRunAsync(id, ct) is null)
        {
            return NotFound($"run {id}");
        }

        if (!http.Request.Headers.Accept.ToString().Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
        {
            return Results.Json(await runs.GetLogsAsync(id, job, after ?? 0, Math.Clamp(limit ?? 1000, 1, 10_000), ct), Json);
        }

        await StreamLogsAsync(id, job, http, runs, ct);
        return Results.Empty;
    }

    /// <summary>Server-Sent Events: every stored line (event <c>log</c>), following new ones until the run ends (event <c>end</c>).</summary>
    private static async Task StreamLogsAsync(long id, string? job, HttpContext http, IRunStore runs, CancellationToken ct)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        var cursors = new Dictionary<string, long>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            var run = await runs.GetRunAsync(id, ct);
            var ended = run is null || run.State.IsTerminal();
            var wrote = false;
            foreach (var jobRecord in (await runs.GetJobsAsync(id, ct)).Where(j => job is null || j.Key == job))
            {
                var lines = await runs.GetLogsAsync(id, jobRecord.Key, cursors.GetValueOrDefault(jobRecord.Key), 1000, ct);
                foreach (var line in lines)
                {
                    await http.Response.WriteAsync($"event: log\ndata: {JsonSerializer.Serialize(line, Json)}\n\n", ct);
                    cursors[jobRecord.Key] = line.Sequence;
                    wrote = true;
                }
            }

            if (wrote)
            {
                await http.Response.Body.FlushAsync(ct);
            }
            else if (ended)
            {
                await http.Response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(new { state = run?.State }, Json)}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                return;
            }
            else
            {
                await Task.Delay(250, ct);
            }
        }
    }

    private static async Task<IResult> RunPageAsync(long id, IRunStore runs, CancellationToken ct)
    {
        var run = await runs.GetRunAsync(id, ct);
        if (run is null)
        {
            return Results.NotFound();
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Sluice run #{run.Id}: {run.PipelineName} ({run.Repository}) — {run.State}\n");
        text.Append(CultureInfo.InvariantCulture, $"event {run.EventKind}, branch {run.Branch ?? "-"}, commit {run.Sha ?? "-"}, by {run.Actor ?? "-"}\n\n");
        foreach (var job in await runs.GetJobsAsync(id, ct))
        {
            var duration = job.StartedAt is { } s && job.FinishedAt is { } f ? CommentRenderer.Format(f - s) : "";
            text.Append(CultureInfo.InvariantCulture, $"{CommentRenderer.Emoji(job.State)} {job.DisplayName,-40} {job.State,-10} {duration,8}  {job.Reason}\n");
        }

        return Results.Text(text.ToString(), "text/plain; charset=utf-8");
    }

    private static string Who(HttpContext http) => "api:" + http.Items[ApiTokenFilter.ItemKey];

    private static IResult NotFound(string what) => Results.Json(new { error = $"{what} not found" }, statusCode: StatusCodes.Status404NotFound);
}
