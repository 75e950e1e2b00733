using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Dispatch;

/// <summary>The sweep: one IMMEDIATE transaction, so a second sweeper (another process) finds the tickets already handled.</summary>
internal sealed partial class SqliteJobQueue
{
    public async Task<IReadOnlyList<SweepAction>> SweepAsync(DateTimeOffset at, CancellationToken cancellationToken)
    {
        var actions = await database.WriteAsync<IReadOnlyList<SweepAction>>(async (c, tx, ct) =>
        {
            var now = SqliteRows.ToDb(at);
            // One branch per state, each forced onto its partial index: SQLite would otherwise scan the whole table
            // (every ended ticket) for the OR.
            var sql = $"""
                SELECT {SqliteDispatchRows.Columns} FROM dispatch_jobs INDEXED BY ix_dispatch_jobs_leased
                WHERE state = 'Leased' AND (lease_expires_at <= $at OR (timeout_ms > 0 AND started_at + timeout_ms <= $at))
                UNION ALL
                SELECT {SqliteDispatchRows.Columns} FROM dispatch_jobs INDEXED BY ix_dispatch_jobs_queued
                WHERE state = 'Queued' AND pickup_limit_ms > 0 AND COALESCE(requeued_at, queued_at) + pickup_limit_ms <= $at
                ORDER BY id LIMIT {SweepBatch}
                """;
            await using var read = Create(c, tx, sql, ("$at", now));
            var candidates = await ReadAllAsync(read, SqliteDispatchRows.Read, ct);
            var done = new List<SweepAction>();
            foreach (var job in candidates)
            {
                var verdict = job.State == DispatchState.Leased ? SweepRules.ForLeased(job, at) : SweepRules.ForQueued(job, at);
                if (verdict is not null && await ApplyAsync(c, tx, job, verdict, at, ct))
                {
                    done.Add(new SweepAction(job.Id, verdict.Outcome, verdict.Reason));
                }
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
    private static async Task<bool> ApplyAsync(SqliteConnection c, SqliteTransaction tx, DispatchedJob job, SweepVerdict verdict, DateTimeOffset at, CancellationToken ct)
    {
        var when = SqliteRows.ToDb(at);
        (string, object?)[] key = [("$id", job.Id), ("$token", job.Token), ("$seen", SqliteRows.ToDb(job.State))];
        if (verdict.State == DispatchState.Queued)
        {
            const string Requeue = """
                UPDATE dispatch_jobs SET state = 'Queued', worker = NULL, started_at = NULL, lease_expires_at = NULL, requeued_at = $at
                WHERE id = $id AND token = $token AND state = $seen
                """;
            if (await ExecuteAsync(c, tx, Requeue, ct, [.. key, ("$at", when)]) == 0)
            {
                return false;
            }

            await ExecuteAsync(c, tx, "UPDATE jobs SET state = 'Queued', reason = $reason WHERE run_id = $run AND job_key = $key", ct,
                ("$reason", verdict.Reason), ("$run", job.Ticket.RunId), ("$key", job.Ticket.JobKey));
            return true;
        }

        const string End = """
            UPDATE dispatch_jobs SET state = $state, reason = $reason, finished_at = $at, cancel_requested = MAX(cancel_requested, $flag)
            WHERE id = $id AND token = $token AND state = $seen
            """;
        if (await ExecuteAsync(c, tx, End, ct, [.. key, ("$state", SqliteRows.ToDb(verdict.State)), ("$reason", verdict.Reason), ("$at", when),
                ("$flag", verdict.CancelFlag ? 1 : 0)]) == 0)
        {
            return false;
        }

        await SetHistoryAsync(c, tx, job.Ticket.RunId, job.Ticket.JobKey, SweepRules.ToJobState(verdict.State), verdict.Reason, at, ct);
        return true;
    }
}
