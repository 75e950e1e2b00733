using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Engine.Storage;

namespace Sluice.Server.Dashboard;

/// <summary>
/// A job's log for the dashboard. <see cref="StreamAsync"/>: Server-Sent Events, event <c>lines</c> carrying a batch
/// (JSON array of <c>[sequence, unix ms, stream, step, text]</c>; the event id is the last sequence, so a reconnecting
/// EventSource resumes with <c>Last-Event-ID</c>), then event <c>end</c> once the job is finished and every line was
/// sent. Batches keep a 100,000-line log to a few dozen events. <see cref="RawAsync"/>: the text as stored, as a download.
/// </summary>
internal static class LogFeed
{
    public const int BatchSize = 5000;

    public static async Task StreamAsync(long id, string job, HttpContext http, IRunStore runs, CancellationToken ct)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        var cursor = long.TryParse(http.Request.Headers["Last-Event-ID"], NumberStyles.None, CultureInfo.InvariantCulture, out var last) ? last
            : long.TryParse(http.Request.Query["after"], NumberStyles.None, CultureInfo.InvariantCulture, out var after) ? after : 0;
        var quiet = 0;
        await http.Response.WriteAsync("retry: 2000\n\n", ct);
        await http.Response.Body.FlushAsync(ct);
        while (!ct.IsCancellationRequested)
        {
            // The job's state is read before its lines: lines are stored before a job is marked finished, so an empty
            // read after a finished state means the log is complete.
            var state = (await runs.GetJobsAsync(id, ct)).FirstOrDefault(j => j.Key == job)?.State;
            var run = await runs.GetRunAsync(id, ct);
            var lines = await runs.GetLogsAsync(id, job, cursor, BatchSize, ct);
            if (lines.Count > 0)
            {
                cursor = lines[^1].Sequence;
                await http.Response.WriteAsync(Batch(lines), ct);
                await http.Response.Body.FlushAsync(ct);
                quiet = 0;
                continue;
            }

            if (state is null || state.Value.IsTerminal() || run is null || run.State.IsTerminal())
            {
                await http.Response.WriteAsync($"event: end\ndata: {JsonSerializer.Serialize(new { state = (state ?? JobState.Skipped).ToString().ToLowerInvariant() })}\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
                return;
            }

            if (++quiet % 60 == 0)
            {
                await http.Response.WriteAsync(": waiting\n\n", ct);
                await http.Response.Body.FlushAsync(ct);
            }

            await Task.Delay(250, ct);
        }
    }

    public static async Task RawAsync(long id, string job, HttpContext http, IRunStore runs, CancellationToken ct)
    {
        http.Response.ContentType = "text/plain; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"run-{id}-{RunPage.Slug(job)}.log\"";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        long cursor = 0;
        while (true)
        {
            var lines = await runs.GetLogsAsync(id, job, cursor, 10_000, ct);
            if (lines.Count == 0)
            {
                return;
            }

            var text = new StringBuilder();
            foreach (var line in lines)
            {
                text.Append(line.Text).Append('\n');
            }

            await http.Response.WriteAsync(text.ToString(), ct);
            cursor = lines[^1].Sequence;
        }
    }

    public static string Batch(IReadOnlyList<LogLine> lines)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var line in lines)
            {
                json.WriteStartArray();
                json.WriteNumberValue(line.Sequence);
                json.WriteNumberValue(line.Timestamp.ToUnixTimeMilliseconds());
                json.WriteStringValue(line.Stream == "stderr" ? "e" : "o");
                json.WriteNumberValue(line.StepIndex);
                json.WriteStringValue(line.Text);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        // JSON never holds a raw newline (it is escaped inside strings), so the batch is one SSE data line.
        return string.Create(CultureInfo.InvariantCulture, $"event: lines\nid: {lines[^1].Sequence}\ndata: {Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length)}\n\n");
    }
}
