using Npgsql;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// The sweep: candidates locked with <c>FOR UPDATE SKIP LOCKED</c> (another server sweeping at the same moment takes the
/// others or none), each changed with a conditional update, all in one transaction with their history rows.
/// </summary>
internal sealed partial class PostgresJobQueue
{
    public async Task<IReadOnlyList<SweepAction>> SweepAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var actions = await database.WriteAsync<IReadOnlyList<SweepAction>>(async (c, tx, ct) =>
        {
            var sql = $"""
                SELECT {PostgresDispatchRows.Columns} FROM dispatch_jobs
                WHERE (state = 'Leased' AND (lease_expires_at <= @at OR (timeout_ms > 0 AND started_at + timeout_ms * INTERVAL '1 millisecond' <= @at)))
                   OR (state = 'Queued' AND pickup_limit_ms > 0 AND COALESCE(requeued_at, queued_at) + pickup_limit_ms * INTERVAL '1 millisecond' <= @at)
                ORDER BY id LIMIT {SweepBatch}
                FOR UPDATE SKIP LOCKED
                """;
            await using var read = Create(c, tx, sql, ("at", at));
            var candidates = await ReadAllAsync(read, PostgresDispatchRows.Read, ct);
            var done = new List<SweepAction>();
            foreach (var job in candidates)
            {
                var verdict = job.State == DispatchState.Leased ? SweepRules.ForLeased(job, at) : SweepRules.ForQueued(job, at);
                if (verdict is not null && await ApplyAsync(c, tx, job, verdict, at, ct))
                {
                    done.Add(new SweepAction(job.Id, verdict.Outcome, verdict.Reason));
                }
            }

            if (done.Count > 0)
            {
                await ExecuteAsync(c, tx, Notify, ct);
            }

            return done;
        }, cancellationToken);
        if (actions.Count > 0)
        {
            signal.Release();
        }

        return actions;
    }

    /// <summary>Conditional on the state and token read, so a ticket changed meanwhile is left alone (false).</summary>
    private static async Task<bool> ApplyAsync(NpgsqlConnection c, NpgsqlTransaction tx, DispatchedJob job, SweepVerdict verdict, DateTimeOffset at, CancellationToken ct)
    {
        (string, object?)[] key = [("id", job.Id), ("token", job.Token), ("seen", PostgresRows.ToDb(job.State))];
        if (verdict.State == DispatchState.Queued)
        {
            const string Requeue = """
                UPDATE dispatch_jobs SET state = 'Queued', worker = NULL, started_at = NULL, lease_expires_at = NULL, requeued_at = @at
                WHERE id = @id AND token = @token AND state = @seen
                """;
            if (await ExecuteAsync(c, tx, Requeue, ct, [.. key, ("at", at)]) == 0)
            {
                return false;
            }

            await ExecuteAsync(c, tx, "UPDATE jobs SET state = 'Queued', reason = @reason WHERE run_id = @run AND job_key = @key", ct,
                ("reason", verdict.Reason), ("run", job.Ticket.RunId), ("key", job.Ticket.JobKey));
            return true;
        }

        const string End = """
            UPDATE dispatch_jobs SET state = @state, reason = @reason, finished_at = @at, cancel_requested = cancel_requested OR @flag
            WHERE id = @id AND token = @token AND state = @seen
            """;
        if (await ExecuteAsync(c, tx, End, ct, [.. key, ("state", PostgresRows.ToDb(verdict.State)), ("reason", verdict.Reason), ("at", at),
                ("flag", verdict.CancelFlag)]) == 0)
        {
            return false;
        }

        await SetHistoryAsync(c, tx, job.Ticket.RunId, job.Ticket.JobKey, SweepRules.ToJobState(verdict.State), verdict.Reason, at, ct);
        return true;
    }
}
