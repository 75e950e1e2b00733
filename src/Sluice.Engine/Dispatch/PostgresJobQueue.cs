using Npgsql;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// <see cref="IJobQueue"/> on the PostgreSQL history database (table <c>dispatch_jobs</c>, migration 4), for several
/// servers sharing one queue.
/// <list type="bullet">
/// <item>A claim is one <c>UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED LIMIT 1)</c>: concurrent claimers lock
/// different rows instead of queueing behind one, and each ticket goes to one worker. Label matching is in SQL
/// (<c>string_to_array(labels, ',') &lt;@ worker labels</c>).</item>
/// <item>The sweep locks its candidates with <c>FOR UPDATE SKIP LOCKED</c> and changes each with a conditional update, so
/// two servers sweeping at once act once per ticket.</item>
/// <item>A write that ends, re-queues or starts a ticket also writes the history job row (<c>jobs</c>) in the same
/// transaction, when that row exists.</item>
/// <item>Wake-ups: every write except a renewal sends <c>NOTIFY sluice_jobs</c> in its transaction (delivered on commit)
/// and releases this instance's signal; <see cref="PostgresQueueListener"/> turns notifications from any process into
/// releases.</item>
/// </list>
/// </summary>
internal sealed partial class PostgresJobQueue : IJobQueue
{
    private const int SweepBatch = 500;

    private const string Notify = $"SELECT pg_notify('{PostgresQueueListener.Channel}', '')";

    private readonly PostgresDatabase database;
    private readonly TimeProvider timeProvider;
    private readonly QueueSignal signal = new();
    private readonly PostgresQueueListener listener;

    /// <param name="connectionString">An Npgsql key=value connection string (see <see cref="PostgresConnectionString"/> for URLs).</param>
    public PostgresJobQueue(string connectionString, TimeProvider timeProvider)
    {
        database = new PostgresDatabase(connectionString);
        this.timeProvider = timeProvider;
        listener = new PostgresQueueListener(connectionString, signal, timeProvider);
    }

    /// <summary>The LISTEN connection, for tests of its reconnects.</summary>
    internal PostgresQueueListener Listener => listener;

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        database.WriteAsync<object?>(async (c, tx, ct) =>
        {
            await PostgresMigrator.ApplyAsync(c, tx, PostgresMigrations.All, timeProvider.GetUtcNow(), ct);
            return null;
        }, cancellationToken);

    public async Task<long> EnqueueAsync(JobTicket ticket, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var labels = JobLabels.Join(ticket.Labels);
        ArgumentOutOfRangeException.ThrowIfNegative(ticket.RetryBudget);
        return await WriteAsync(async (c, tx, ct) =>
        {
            const string Insert = """
                INSERT INTO dispatch_jobs (run_key, run_id, job_key, labels, payload, state, attempt, token, retry_budget, timeout_ms, pickup_limit_ms, queued_at, cancel_requested)
                VALUES (@run_key, @run_id, @job_key, @labels, @payload, 'Queued', 0, 0, @budget, @timeout, @pickup, @at, FALSE)
                ON CONFLICT (run_key, job_key) DO NOTHING
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, Insert, ct, ("run_key", ticket.RunKey), ("run_id", ticket.RunId), ("job_key", ticket.JobKey),
                ("labels", labels), ("payload", ticket.Payload), ("budget", ticket.RetryBudget), ("timeout", SweepRules.LimitMs(ticket.Timeout)),
                ("pickup", SweepRules.LimitMs(ticket.PickupLimit)), ("at", at));
            if (id == 0)
            {
                return await ScalarInt64Async(c, tx, "SELECT id FROM dispatch_jobs WHERE run_key = @run_key AND job_key = @job_key", ct,
                    ("run_key", ticket.RunKey), ("job_key", ticket.JobKey));
            }

            await ExecuteAsync(c, tx, "UPDATE jobs SET state = 'Queued' WHERE run_id = @run AND job_key = @key AND state = 'Pending'", ct,
                ("run", ticket.RunId), ("key", ticket.JobKey));
            await ExecuteAsync(c, tx, Notify, ct);
            return id;
        }, cancellationToken);
    }

    public async Task<ClaimedJob?> ClaimAsync(string worker, IReadOnlyCollection<string> workerLabels, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var job = await WriteAsync(async (c, tx, ct) =>
        {
            var sql = $"""
                UPDATE dispatch_jobs SET state = 'Leased', attempt = attempt + 1, token = token + 1, worker = @worker,
                    started_at = @at, lease_expires_at = @expires, finished_at = NULL
                WHERE id = (
                    SELECT id FROM dispatch_jobs
                    WHERE state = 'Queued' AND string_to_array(labels, ',') <@ @labels::text[]
                    ORDER BY queued_at, id LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                RETURNING {PostgresDispatchRows.Columns}
                """;
            await using var claim = Create(c, tx, sql, ("worker", worker), ("at", at), ("expires", at + lease), ("labels", workerLabels.ToArray()));
            var claimed = (await ReadAllAsync(claim, PostgresDispatchRows.Read, ct)).SingleOrDefault();
            if (claimed is not null)
            {
                const string History = """
                    UPDATE jobs SET state = 'Running', attempts = @attempt, started_at = COALESCE(started_at, @at), finished_at = NULL
                    WHERE run_id = @run AND job_key = @key
                    """;
                await ExecuteAsync(c, tx, History, ct, ("attempt", claimed.Attempt), ("at", at), ("run", claimed.Ticket.RunId), ("key", claimed.Ticket.JobKey));
                await ExecuteAsync(c, tx, Notify, ct);
            }

            return claimed;
        }, cancellationToken);
        return job is null ? null : new ClaimedJob(job.Id, job.Token, job.Attempt, job.Ticket, job.LeaseExpiresAt!.Value);
    }

    public Task<LeaseStatus> RenewAsync(long id, long token, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);

        // No wake-up: renewals are the steady heartbeat of every running job and change nothing a waiter looks for.
        return database.WriteAsync(async (c, tx, ct) =>
        {
            const string Renew = """
                UPDATE dispatch_jobs SET lease_expires_at = @expires
                WHERE id = @id AND token = @token AND state = 'Leased' AND lease_expires_at > @at
                RETURNING cancel_requested
                """;
            await using var renew = Create(c, tx, Renew, ("expires", at + lease), ("id", id), ("token", token), ("at", at));
            var flags = await ReadAllAsync(renew, r => r.GetBoolean(0), ct);
            if (flags.Count == 1)
            {
                return flags[0] ? LeaseStatus.CancelRequested : LeaseStatus.Held;
            }

            // Ended by the queue under a live lease (timed out): the holder is told to stop rather than that it lost.
            const string Ended = "SELECT COUNT(*) FROM dispatch_jobs WHERE id = @id AND token = @token AND cancel_requested AND lease_expires_at > @at";
            return await ScalarInt64Async(c, tx, Ended, ct, ("id", id), ("token", token), ("at", at)) == 1
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
                UPDATE dispatch_jobs SET state = @state, result_json = @result, finished_at = @at
                WHERE id = @id AND token = @token AND state = 'Leased' AND lease_expires_at > @at
                RETURNING run_id, job_key
                """;
            await using var complete = Create(c, tx, Complete, ("state", PostgresRows.ToDb(state)), ("result", resultJson), ("at", at), ("id", id), ("token", token));
            var rows = await ReadAllAsync(complete, r => (RunId: r.GetInt64(0), JobKey: r.GetString(1)), ct);
            if (rows.Count == 0)
            {
                return false;
            }

            await SetHistoryAsync(c, tx, rows[0].RunId, rows[0].JobKey, SweepRules.ToJobState(state), null, at, ct);
            await ExecuteAsync(c, tx, Notify, ct);
            return true;
        }, cancellationToken);
    }

    public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await using var read = Create(c, tx, $"SELECT {PostgresDispatchRows.Columns} FROM dispatch_jobs WHERE id = @id FOR UPDATE", ("id", id));
            var job = (await ReadAllAsync(read, PostgresDispatchRows.Read, ct)).SingleOrDefault();
            switch (job?.State)
            {
                case DispatchState.Queued:
                    await ExecuteAsync(c, tx, "UPDATE dispatch_jobs SET state = 'Cancelled', reason = @reason, finished_at = @at, cancel_requested = TRUE WHERE id = @id", ct,
                        ("reason", reason), ("at", at), ("id", id));
                    await SetHistoryAsync(c, tx, job.Ticket.RunId, job.Ticket.JobKey, JobState.Cancelled, reason, at, ct);
                    break;
                case DispatchState.Leased:
                    await ExecuteAsync(c, tx, "UPDATE dispatch_jobs SET cancel_requested = TRUE WHERE id = @id", ct, ("id", id));
                    break;
                default:
                    return false;
            }

            await ExecuteAsync(c, tx, Notify, ct);
            return true;
        }, cancellationToken);

    public Task<DispatchedJob?> GetAsync(long id, CancellationToken cancellationToken) => GetAsync(id, PostgresDispatchRows.Columns, cancellationToken);

    public Task<DispatchedJob?> GetStatusAsync(long id, CancellationToken cancellationToken) => GetAsync(id, PostgresDispatchRows.StatusColumns, cancellationToken);

    public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<QueueDepth>>(async (c, ct) =>
        {
            // COLLATE "C": label sets sort by code point, as on SQLite, whatever the database's collation.
            // One branch per state, so each reads its partial index rather than the whole table.
            const string Sql = """
                SELECT labels, SUM(queued)::bigint, SUM(leased)::bigint FROM (
                    SELECT labels, COUNT(*) AS queued, 0 AS leased FROM dispatch_jobs WHERE state = 'Queued' GROUP BY labels
                    UNION ALL
                    SELECT labels, 0, COUNT(*) FROM dispatch_jobs WHERE state = 'Leased' GROUP BY labels) open
                GROUP BY labels ORDER BY labels COLLATE "C"
                """;
            await using var read = Create(c, null, Sql);
            return await ReadAllAsync(read, r => new QueueDepth(r.GetString(0), (int)r.GetInt64(1), (int)r.GetInt64(2)), ct);
        }, cancellationToken);

    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        // The first wait starts listening; the listener releases the signal once LISTEN is in place, so a change
        // committed before that is not missed for long.
        listener.EnsureStarted();
        return signal.WaitAsync(timeout, timeProvider, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await listener.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>The history job row follows the ticket; a missing row (a pruned run) is no error.</summary>
    private static Task<int> SetHistoryAsync(NpgsqlConnection c, NpgsqlTransaction tx, long runId, string jobKey, JobState state, string? reason, DateTimeOffset? finishedAt, CancellationToken ct)
    {
        const string Sql = """
            UPDATE jobs SET state = @state, reason = COALESCE(@reason, reason), finished_at = @finished
            WHERE run_id = @run AND job_key = @key
            """;
        return ExecuteAsync(c, tx, Sql, ct, ("state", PostgresRows.ToDb(state)), ("reason", reason), ("finished", finishedAt), ("run", runId), ("key", jobKey));
    }

    private async Task<T> WriteAsync<T>(Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var result = await database.WriteAsync(write, cancellationToken);
        signal.Release();
        return result;
    }

    private Task<DispatchedJob?> GetAsync(long id, string columns, CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) =>
        {
            await using var read = Create(c, null, $"SELECT {columns} FROM dispatch_jobs WHERE id = @id", ("id", id));
            return (await ReadAllAsync(read, PostgresDispatchRows.Read, ct)).SingleOrDefault();
        }, cancellationToken);
}
