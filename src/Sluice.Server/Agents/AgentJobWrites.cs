using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Sluice.Engine.Agents;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Secrets;
using Sluice.Engine.Storage;
using Sluice.Server.Config;
using Sluice.Server.Hosting;

namespace Sluice.Server.Agents;

/// <summary>
/// The fenced writes of a leased job into the run history: logs (each line once by sequence, masked again with the
/// repository's secrets), steps, job state, outputs, artifact blobs and records, and the final report that ends the
/// ticket. A write from a holder whose lease is not current gets 409 and changes nothing.
/// </summary>
internal static class AgentJobWrites
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/jobs/{id:long}/history", HistoryAsync);
        api.MapPost("/jobs/{id:long}/logs", LogsAsync);
        api.MapPost("/jobs/{id:long}/steps", StepAsync);
        api.MapPost("/jobs/{id:long}/state", StateAsync);
        api.MapPost("/jobs/{id:long}/outputs", OutputsAsync);
        api.MapPut("/jobs/{id:long}/blobs/{sha256}", PutBlobAsync);
        api.MapPost("/jobs/{id:long}/artifacts", ArtifactAsync);
        api.MapPost("/jobs/{id:long}/complete", CompleteAsync);
    }

    private static async Task<IResult> LogsAsync(long id, HttpRequest request, JobLeases leases, ServerConfig config, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<LogBatch>(request, ct) is not { } batch)
        {
            return AgentBodies.Bad("a log batch");
        }

        await runs.AppendLogsAsync(Lines(job, batch, Masker(config, job)), ct);
        return Results.NoContent();
    }

    /// <summary>
    /// Several writes behind one fence check, applied in order in one store batch (one SQLite transaction). A write that
    /// fails fails the request (5xx) after the others were applied; the agent sends the batch again, and every part is
    /// idempotent.
    /// </summary>
    private static async Task<IResult> HistoryAsync(long id, HttpRequest request, JobLeases leases, ServerConfig config, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<HistoryBatch>(request, ct) is not { Writes: { } parts })
        {
            return AgentBodies.Bad("a history batch");
        }

        return await ApplyAsync(job, parts, config, runs, ct) ?? Results.NoContent();
    }

    /// <summary>
    /// Applies a history batch's writes in order in one store batch; null when done, else the 400 for a malformed part.
    /// <paramref name="last"/>, if given, runs in the same batch after the writes, and only if every one of them
    /// succeeded (a failed write throws here after the batch, and the agent sends it all again).
    /// </summary>
    private static async Task<IResult?> ApplyAsync(
        FencedJob job, IReadOnlyList<HistoryWrite> parts, ServerConfig config, IRunStore runs, CancellationToken ct, Func<CancellationToken, Task>? last = null)
    {
        var masker = Masker(config, job);
        var writes = new List<Func<IRunStore, CancellationToken, Task>>(parts.Count);
        foreach (var part in parts)
        {
            Func<IRunStore, CancellationToken, Task>? write = part switch
            {
                { Logs: { } batch } => (s, c) => s.AppendLogsAsync(Lines(job, batch, masker), c),
                { Step: { } step } => (s, c) => s.UpsertStepAsync(
                    new StepRecord(job.RunId, job.JobKey, step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt), c),
                { State: { } state } => (s, c) => s.SetJobStateAsync(
                    job.RunId, job.JobKey, state.State, state.Reason is null ? null : masker.Apply(state.Reason), state.Attempts, state.StartedAt, state.FinishedAt, c),
                { Outputs: { } outputs } => (s, c) => s.SetJobOutputsAsync(job.RunId, job.JobKey, outputs.Outputs, c),
                _ => null,
            };
            if (write is null)
            {
                return AgentBodies.Bad("a history batch whose every write has one part");
            }

            writes.Add(write);
        }

        Exception? failed = null;
        if (last is not null)
        {
            writes.Add((_, c) => failed is null ? last(c) : Task.CompletedTask);
        }

        await runs.WriteBatchAsync(writes, e => failed ??= e, ct);
        if (failed is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failed);
        }

        return null;
    }

    private static SecretMasker Masker(ServerConfig config, FencedJob job) =>
        config.FindRepository(job.Payload.Repository) is { Secrets.Count: > 0 } repo ? new SecretMasker(repo.Secrets.Values) : SecretMasker.None;

    /// <summary>The agent's lines in the lease attempt's sequence range, masked again with the repository's secrets.</summary>
    private static List<LogLine> Lines(FencedJob job, LogBatch batch, SecretMasker masker) =>
        batch.Lines.Where(l => l.Sequence is > 0 and < 1_000_000_000L)
            .Select(l => new LogLine(job.RunId, job.JobKey, job.SequenceBase + l.Sequence, l.Attempt, l.Step, l.At, l.Stream, masker.Apply(l.Text)))
            .ToList();

    private static async Task<IResult> StepAsync(long id, HttpRequest request, JobLeases leases, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<StepUpdate>(request, ct) is not { } step)
        {
            return AgentBodies.Bad("step update");
        }

        await runs.UpsertStepAsync(new StepRecord(job.RunId, job.JobKey, step.Attempt, step.Index, step.Name, step.State, step.ExitCode, step.StartedAt, step.FinishedAt), ct);
        return Results.NoContent();
    }

    private static async Task<IResult> StateAsync(long id, HttpRequest request, JobLeases leases, ServerConfig config, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<StateUpdate>(request, ct) is not { } state)
        {
            return AgentBodies.Bad("state update");
        }

        var reason = state.Reason is null ? null : Masker(config, job).Apply(state.Reason);
        await runs.SetJobStateAsync(job.RunId, job.JobKey, state.State, reason, state.Attempts, state.StartedAt, state.FinishedAt, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> OutputsAsync(long id, HttpRequest request, JobLeases leases, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<OutputsUpdate>(request, ct) is not { } body)
        {
            return AgentBodies.Bad("outputs update");
        }

        await runs.SetJobOutputsAsync(job.RunId, job.JobKey, body.Outputs, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> PutBlobAsync(long id, string sha256, HttpContext http, JobLeases leases, ServerStorage storage, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, http.Request, ct);
        if (job is null)
        {
            return refusal!;
        }

        // Artifacts may be larger than a webhook body (Kestrel's limit for everything else).
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = null;
        }

        var stored = await storage.State.Blobs().PutAsync(http.Request.Body, ct);
        return stored.Sha256 == sha256
            ? Results.NoContent()
            : Results.Json(new Refusal($"the content's SHA-256 is {stored.Sha256}, not {sha256}"), statusCode: StatusCodes.Status400BadRequest);
    }

    private static async Task<IResult> ArtifactAsync(long id, HttpRequest request, JobLeases leases, ServerStorage storage, IRunStore runs, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            return refusal!;
        }

        if (await AgentBodies.ReadAsync<ArtifactUpdate>(request, ct) is not { } body)
        {
            return AgentBodies.Bad("artifact update");
        }

        await using (var blob = storage.State.Blobs().Open(body.Sha256))
        {
            if (blob is null)
            {
                return Results.Json(new Refusal($"upload blob {body.Sha256} first"), statusCode: StatusCodes.Status400BadRequest);
            }
        }

        await runs.AddArtifactAsync(new ArtifactRecord(job.RunId, job.JobKey, body.Path, body.Sha256, body.Size), ct);
        return Results.NoContent();
    }

    /// <summary>
    /// Applies the history writes the agent still held and ends the ticket with the report, in one store batch; then,
    /// when the completion asks for it, leases the agent its next job and answers 200 with it. A request sent again after
    /// its answer was lost finds the ticket ended by its own token: 204 again, or the job handed over the first time.
    /// </summary>
    private static async Task<IResult> CompleteAsync(
        long id, HttpRequest request, JobLeases leases, ServerConfig config, IRunStore runs, IJobQueue queue, TicketSignals signals, AgentClaims claims,
        AgentRegistry registry, TimeProvider time, CancellationToken ct)
    {
        var (job, refusal) = await leases.CheckAsync(id, request, ct);
        if (job is null)
        {
            if (!await leases.CompletedByAsync(id, request, ct))
            {
                return refusal!;
            }

            // The same completion again: its answer was lost. If it asks for a next job still, it gets the one handed
            // over the first time (this server's memory; elsewhere that job waits for its lease to expire).
            return await AgentBodies.ReadCompletionAsync(request, ct) is { Next: not null } && await claims.HandedAgainAsync(id, ct) is { } again
                ? Results.Json(again, DispatchJson.Options)
                : Results.NoContent();
        }

        if (await AgentBodies.ReadCompletionAsync(request, ct) is not { } completion)
        {
            return AgentBodies.Bad("job report");
        }

        var report = completion.Report;
        var state = report.State switch
        {
            JobState.Succeeded => DispatchState.Succeeded,
            JobState.Cancelled => DispatchState.Cancelled,
            _ => DispatchState.Failed,
        };
        var done = false;
        async Task EndAsync(CancellationToken c) => done = await queue.CompleteAsync(id, job.Ticket.Token, state, DispatchJson.Serialize(report), time.GetUtcNow(), c);

        // The held history and the end of the ticket in one store batch: on SQLite, where the queue shares the database,
        // that is one transaction instead of two.
        if (completion.History is { Writes: { Count: > 0 } parts })
        {
            if (await ApplyAsync(job, parts, config, runs, ct, EndAsync) is { } bad)
            {
                return bad;
            }
        }
        else
        {
            await EndAsync(ct);
        }

        leases.Forget(id);
        signals.Notify(id);
        if (!done)
        {
            return Results.Json(new Refusal("the lease ended before the report arrived"), statusCode: StatusCodes.Status409Conflict);
        }

        // The next job only once this one is ended, so the agent never holds more leases than it has slots.
        if (completion.Next is { Name: { Length: > 0 } name } next)
        {
            registry.Seen(name);
            if (await claims.TryClaimAsync(name, next.Labels ?? [], ct) is { } ticket)
            {
                claims.Handed(id, ticket);
                return Results.Json(ticket, DispatchJson.Options);
            }
        }

        return Results.NoContent();
    }
}
