using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// <see cref="IJobQueue"/> on the run store's SQLite file (table <c>dispatch_jobs</c>, migration 4).
/// <list type="bullet">
/// <item>Every write is one IMMEDIATE transaction through the file's <see cref="SqliteDatabase"/> (its write gate in this
/// process, SQLite's write lock across processes), so a claim is a conditional update that no other claimer can interleave
/// with: each ticket goes to exactly one worker.</item>
/// <item>A write that ends, re-queues or starts a ticket also writes the history job row (<c>jobs</c>) in the same
/// transaction, when that row exists.</item>
/// <item>Wake-ups: every write except a renewal and a claim that found nothing releases a signal shared by all queues on
/// the same file in this process; other processes are only seen by polling (the caller's timeout). A claim reads first
/// and takes no write transaction when no queued ticket fits the worker's labels.</item>
/// </list>
/// </summary>
internal sealed partial class SqliteJobQueue : IJobQueue
{
    private const int SweepBatch = 500;

    private readonly SqliteDatabase database;
    private readonly TimeProvider timeProvider;
    private readonly QueueSignal signal;
    private readonly SemaphoreSlim claimGate = new(1, 1);
    private readonly bool ownsDatabase;

    /// <summary>On a database of its own (closed with the queue): another process's view of the file.</summary>
    public SqliteJobQueue(string databasePath, TimeProvider timeProvider)
        : this(new SqliteDatabase(databasePath), timeProvider)
    {
        ownsDatabase = true;
    }

    /// <summary>On the run store's database, so the queue's writes and the history's pass one write gate.</summary>
    public SqliteJobQueue(SqliteDatabase database, TimeProvider timeProvider)
    {
        this.database = database;
        this.timeProvider = timeProvider;
        signal = QueueSignal.For(database.Path);
    }

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(database.Path);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await database.WriteAsync<object?>(async (c, tx, ct) =>
        {
            await SqliteMigrator.ApplyAsync(c, tx, SqliteMigrations.All, timeProvider.GetUtcNow(), ct);
            return null;
        }, cancellationToken, beforeTransaction: SqliteMigrator.PrepareAsync);
    }

    public async Task<long> EnqueueAsync(JobTicket ticket, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var labels = JobLabels.Join(ticket.Labels);
        ArgumentOutOfRangeException.ThrowIfNegative(ticket.RetryBudget);
        return await WriteAsync(async (c, tx, ct) =>
        {
            const string Insert = """
                INSERT INTO dispatch_jobs (run_key, run_id, job_key, labels, payload, state, attempt, token, retry_budget, timeout_ms, pickup_limit_ms, queued_at, cancel_requested)
                VALUES ($run_key, $run_id, $job_key, $labels, $payload, 'Queued', 0, 0, $budget, $timeout, $pickup, $at, 0)
                ON CONFLICT (run_key, job_key) DO NOTHING
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, Insert, ct, ("$run_key", ticket.RunKey), ("$run_id", ticket.RunId), ("$job_key", ticket.JobKey),
                ("$labels", labels), ("$payload", ticket.Payload), ("$budget", ticket.RetryBudget), ("$timeout", SweepRules.LimitMs(ticket.Timeout)),
                ("$pickup", SweepRules.LimitMs(ticket.PickupLimit)), ("$at", SqliteRows.ToDb(at)));
            if (id == 0)
            {
                return await ScalarInt64Async(c, tx, "SELECT id FROM dispatch_jobs WHERE run_key = $run_key AND job_key = $job_key", ct,
                    ("$run_key", ticket.RunKey), ("$job_key", ticket.JobKey));
            }

            await ExecuteAsync(c, tx, "UPDATE jobs SET state = 'Queued' WHERE run_id = $run AND job_key = $key AND state = 'Pending'", ct,
                ("$run", ticket.RunId), ("$key", ticket.JobKey));
            return id;
        }, cancellationToken);
    }

    public async Task<ClaimedJob?> ClaimAsync(string worker, IReadOnlyCollection<string> workerLabels, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var has = workerLabels.ToHashSet(StringComparer.Ordinal);

        // One claim at a time in this process: a new ticket wakes every waiting claim, and all but the first would
        // otherwise see it in their read and then each take a write transaction to find it gone. In turn, each reads
        // after the claim before it has committed, and the losers stop at the read.
        await claimGate.WaitAsync(cancellationToken);
        try
        {
            return await ClaimOneAsync(worker, has, lease, at, cancellationToken);
        }
        finally
        {
            claimGate.Release();
        }
    }

    private async Task<ClaimedJob?> ClaimOneAsync(string worker, HashSet<string> has, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // A read first, without the write gate: every queue write wakes every waiting claim, and most of those find
        // nothing. Each used to take a write transaction (and wake the others again when it ended): in bench dispatch
        // eleven empty claim transactions per job, more than all the useful writes together.
        var open = await database.ReadAsync(async (c, ct) =>
        {
            await using var sets = Create(c, null, DistinctQueuedLabels);
            return await ReadAllAsync(sets, r => r.GetString(0), ct);
        }, cancellationToken);
        if (!open.Any(s => JobLabels.Fits(s, has)))
        {
            return null;
        }

        var job = await database.WriteAsync(async (c, tx, ct) =>
        {
            // The distinct label sets waiting are few; matching them here keeps the claim itself one indexed statement,
            // which walks the queued tickets oldest first (INDEXED BY: the planner would rather sort all of one label set).
            await using var sets = Create(c, tx, DistinctQueuedLabels);
            var fitting = (await ReadAllAsync(sets, r => r.GetString(0), ct)).Where(s => JobLabels.Fits(s, has)).ToList();
            if (fitting.Count == 0)
            {
                return null;
            }

            var names = string.Join(", ", fitting.Select((_, i) => $"$l{i}"));
            var sql = $"""
                UPDATE dispatch_jobs SET state = 'Leased', attempt = attempt + 1, token = token + 1, worker = $worker,
                    started_at = $at, lease_expires_at = $expires, finished_at = NULL
                WHERE state = 'Queued' AND id = (
                    SELECT id FROM dispatch_jobs INDEXED BY ix_dispatch_jobs_queued
                    WHERE state = 'Queued' AND labels IN ({names}) ORDER BY queued_at, id LIMIT 1)
                RETURNING {SqliteDispatchRows.Columns}
                """;
            (string, object?)[] parameters = [("$worker", worker), ("$at", SqliteRows.ToDb(at)), ("$expires", SqliteRows.ToDb(at + lease)),
                .. fitting.Select((s, i) => ($"$l{i}", (object?)s))];
            await using var claim = Create(c, tx, sql, parameters);
            var claimed = (await ReadAllAsync(claim, SqliteDispatchRows.Read, ct)).SingleOrDefault();
            if (claimed is not null)
            {
                const string History = """
                    UPDATE jobs SET state = 'Running', attempts = $attempt, started_at = COALESCE(started_at, $at), finished_at = NULL
                    WHERE run_id = $run AND job_key = $key
                    """;
                await ExecuteAsync(c, tx, History, ct, ("$attempt", claimed.Attempt), ("$at", SqliteRows.ToDb(at)),
                    ("$run", claimed.Ticket.RunId), ("$key", claimed.Ticket.JobKey));
            }

            return claimed;
        }, cancellationToken);
        if (job is null)
        {
            // Raced by another claim: nothing changed, nobody to wake.
            return null;
        }

        signal.Release();
        return new ClaimedJob(job.Id, job.Token, job.Attempt, job.Ticket, job.LeaseExpiresAt!.Value);
    }

    private const string DistinctQueuedLabels = "SELECT DISTINCT labels FROM dispatch_jobs WHERE state = 'Queued'";

    public Task<LeaseStatus> RenewAsync(long id, long token, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);

        // No wake-up: renewals are the steady heartbeat of every running job and change nothing a waiter looks for.
        return database.WriteAsync(async (c, tx, ct) =>
        {
            const string Renew = """
                UPDATE dispatch_jobs SET lease_expires_at = $expires
                WHERE id = $id AND token = $token AND state = 'Leased' AND lease_expires_at > $at
                RETURNING cancel_requested
                """;
            await using var renew = Create(c, tx, Renew, ("$expires", SqliteRows.ToDb(at + lease)), ("$id", id), ("$token", token), ("$at", SqliteRows.ToDb(at)));
            var flags = await ReadAllAsync(renew, r => r.GetInt64(0) != 0, ct);
            if (flags.Count == 1)
            {
                return flags[0] ? LeaseStatus.CancelRequested : LeaseStatus.Held;
            }

            // Ended by the queue under a live lease (timed out): the holder is told to stop rather than that it lost.
            const string Ended = "SELECT COUNT(*) FROM dispatch_jobs WHERE id = $id AND token = $token AND cancel_requested = 1 AND lease_expires_at > $at";
            return await ScalarInt64Async(c, tx, Ended, ct, ("$id", id), ("$token", token), ("$at", SqliteRows.ToDb(at))) == 1
                ? LeaseStatus.CancelRequested
                : LeaseStatus.Lost;
        }, cancellationToken);
    }

    public Task<bool> CompleteAsync(long id, long token, DispatchState state, string resultJson, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (!state.IsTerminal())
        {
            throw new ArgumentException($"a ticket completes as Succeeded, Failed or Cancelled, not {state}", nameof(state));
        }

        return WriteAsync(async (c, tx, ct) =>
        {
            const string Complete = """
                UPDATE dispatch_jobs SET state = $state, result_json = $result, finished_at = $at
                WHERE id = $id AND token = $token AND state = 'Leased' AND lease_expires_at > $at
                RETURNING run_id, job_key
                """;
            await using var complete = Create(c, tx, Complete, ("$state", SqliteRows.ToDb(state)), ("$result", resultJson), ("$at", SqliteRows.ToDb(at)),
                ("$id", id), ("$token", token));
            var rows = await ReadAllAsync(complete, r => (RunId: r.GetInt64(0), JobKey: r.GetString(1)), ct);
            if (rows.Count == 0)
            {
                return false;
            }

            await SetHistoryAsync(c, tx, rows[0].RunId, rows[0].JobKey, SweepRules.ToJobState(state), null, at, ct);
            return true;
        }, cancellationToken);
    }

    public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await using var read = Create(c, tx, $"SELECT {SqliteDispatchRows.Columns} FROM dispatch_jobs WHERE id = $id", ("$id", id));
            var job = (await ReadAllAsync(read, SqliteDispatchRows.Read, ct)).SingleOrDefault();
            switch (job?.State)
            {
                case DispatchState.Queued:
                    await ExecuteAsync(c, tx, "UPDATE dispatch_jobs SET state = 'Cancelled', reason = $reason, finished_at = $at, cancel_requested = 1 WHERE id = $id", ct,
                        ("$reason", reason), ("$at", SqliteRows.ToDb(at)), ("$id", id));
                    await SetHistoryAsync(c, tx, job.Ticket.RunId, job.Ticket.JobKey, JobState.Cancelled, reason, at, ct);
                    return true;
                case DispatchState.Leased:
                    await ExecuteAsync(c, tx, "UPDATE dispatch_jobs SET cancel_requested = 1 WHERE id = $id", ct, ("$id", id));
                    return true;
                default:
                    return false;
            }
        }, cancellationToken);

    public Task<DispatchedJob?> GetAsync(long id, CancellationToken cancellationToken) => GetAsync(id, SqliteDispatchRows.Columns, cancellationToken);

    public Task<DispatchedJob?> GetStatusAsync(long id, CancellationToken cancellationToken) => GetAsync(id, SqliteDispatchRows.StatusColumns, cancellationToken);

    public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<QueueDepth>>(async (c, ct) =>
        {
            // One branch per state, so each reads its partial index rather than the whole table.
            const string Sql = """
                SELECT labels, SUM(queued), SUM(leased) FROM (
                    SELECT labels, COUNT(*) AS queued, 0 AS leased FROM dispatch_jobs WHERE state = 'Queued' GROUP BY labels
                    UNION ALL
                    SELECT labels, 0, COUNT(*) FROM dispatch_jobs WHERE state = 'Leased' GROUP BY labels)
                GROUP BY labels ORDER BY labels
                """;
            await using var read = Create(c, null, Sql);
            return await ReadAllAsync(read, r => new QueueDepth(r.GetString(0), r.GetInt32(1), r.GetInt32(2)), ct);
        }, cancellationToken);

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, timeProvider, cancellationToken);

    /// <summary>Closes the database only when the queue opened it; the run store's stays open for the store.</summary>
    public ValueTask DisposeAsync() => ownsDatabase ? database.DisposeAsync() : ValueTask.CompletedTask;

    /// <summary>The history job row follows the ticket; a missing row (a pruned run) is no error.</summary>
    private static Task<int> SetHistoryAsync(SqliteConnection c, SqliteTransaction tx, long runId, string jobKey, JobState state, string? reason, DateTimeOffset? finishedAt, CancellationToken ct)
    {
        const string Sql = """
            UPDATE jobs SET state = $state, reason = COALESCE($reason, reason), finished_at = $finished
            WHERE run_id = $run AND job_key = $key
            """;
        return ExecuteAsync(c, tx, Sql, ct, ("$state", SqliteRows.ToDb(state)), ("$reason", reason), ("$finished", SqliteRows.ToDb(finishedAt)),
            ("$run", runId), ("$key", jobKey));
    }

    private async Task<T> WriteAsync<T>(Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(write, cancellationToken);
        signal.Release();
        return result;
    }

    private Task<DispatchedJob?> GetAsync(long id, string columns, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var read = Create(c, null, $"SELECT {columns} FROM dispatch_jobs WHERE id = $id", ("$id", id));
            return (await ReadAllAsync(read, SqliteDispatchRows.Read, ct)).SingleOrDefault();
        }, cancellationToken);
}
