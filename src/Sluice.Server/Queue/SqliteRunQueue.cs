using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Queue;

/// <summary><see cref="IRunQueue"/> on the server's SQLite file (table <c>run_queue</c>, migration 2).</summary>
internal sealed class SqliteRunQueue(SqliteDatabase database) : IRunQueue
{
    private const string Select = "SELECT " + SqliteQueueWrites.Columns + " FROM run_queue";

    public Task<EnqueueResult> EnqueueAsync(IReadOnlyList<QueueRequest> requests, DateTimeOffset at, CancellationToken cancellationToken) =>
        requests.Count == 0 ? Task.FromResult(EnqueueResult.Empty)
            : database.WriteAsync((c, tx, ct) => SqliteQueueWrites.InsertAllAsync(c, tx, requests, at, ct), cancellationToken);

    public Task<QueueItem?> ClaimNextAsync(string owner, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            // The oldest queued item whose group has nothing running and nothing queued before it.
            const string Pick = """
                SELECT q.id FROM run_queue q
                WHERE q.state = 'Queued'
                  AND (q.concurrency_group IS NULL OR (
                      NOT EXISTS (SELECT 1 FROM run_queue r WHERE r.concurrency_group = q.concurrency_group AND r.state = 'Running')
                      AND NOT EXISTS (SELECT 1 FROM run_queue e WHERE e.concurrency_group = q.concurrency_group AND e.state = 'Queued' AND e.id < q.id)))
                ORDER BY q.id LIMIT 1
                """;
            var id = await ScalarInt64Async(c, tx, Pick, ct);
            if (id == 0)
            {
                return null;
            }

            await using var command = Create(c, tx, "UPDATE run_queue SET state = 'Running', owner = $owner, started_at = $at WHERE id = $id RETURNING " + SqliteQueueWrites.Columns,
                ("$owner", owner), ("$at", SqliteRows.ToDb(at)), ("$id", id));
            return (await ReadAllAsync(command, SqliteQueueWrites.Read, ct)).FirstOrDefault();
        }, cancellationToken);

    public async Task<bool> SetRunIdAsync(long id, string owner, long runId, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, "UPDATE run_queue SET run_id = $run WHERE id = $id AND state = 'Running' AND owner = $owner",
            ct, ("$run", runId), ("$id", id), ("$owner", owner)), cancellationToken) > 0;

    public async Task<bool> FinishAsync(long id, string owner, QueueState state, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
            "UPDATE run_queue SET state = $state, reason = COALESCE($reason, reason), finished_at = $at WHERE id = $id AND state = 'Running' AND owner = $owner",
            ct, ("$state", state.ToString()), ("$reason", reason), ("$at", SqliteRows.ToDb(at)), ("$id", id), ("$owner", owner)), cancellationToken) > 0;

    public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await ExecuteAsync(c, tx, "UPDATE run_queue SET state = 'Cancelled', reason = $reason, finished_at = $at WHERE id = $id AND state IN ('Queued', 'AwaitingApproval')",
                ct, ("$reason", reason), ("$at", SqliteRows.ToDb(at)), ("$id", id));
            return await ExecuteAsync(c, tx, "UPDATE run_queue SET cancel_requested = 1, reason = $reason WHERE id = $id AND state = 'Running'",
                ct, ("$reason", reason), ("$id", id)) > 0;
        }, cancellationToken);

    public Task<bool> ApproveAsync(long id, string approvedBy, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx,
            "UPDATE run_queue SET state = 'Queued', reason = $reason WHERE id = $id AND state = 'AwaitingApproval'",
            ct, ("$reason", $"approved by {approvedBy}"), ("$id", id)) > 0, cancellationToken);

    public async Task<QueueItem?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(Select + " WHERE id = $id", cancellationToken, ("$id", id))).FirstOrDefault();

    public async Task<QueueItem?> FindByRunAsync(long runId, CancellationToken cancellationToken) =>
        (await QueryAsync(Select + " WHERE run_id = $run ORDER BY id DESC LIMIT 1", cancellationToken, ("$run", runId))).FirstOrDefault();

    public Task<IReadOnlyList<QueueItem>> ListAsync(QueueQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return QueryAsync(Select + """
             WHERE ($repo IS NULL OR repository = $repo) AND ($pr IS NULL OR pull_request = $pr) AND ($state IS NULL OR state = $state)
             ORDER BY id DESC LIMIT $limit
            """, cancellationToken, ("$repo", query.Repository), ("$pr", query.PullRequest), ("$state", query.State?.ToString()), ("$limit", query.Limit));
    }

    public Task<int> CountAsync(CancellationToken cancellationToken) =>
        database.ReadAsync(async (c, ct) => (int)await ScalarInt64Async(c, null, "SELECT COUNT(*) FROM run_queue", ct), cancellationToken);

    public async Task<IReadOnlyList<QueueItem>> RequeueAbandonedAsync(Func<string, bool> isOwnerAlive, CancellationToken cancellationToken)
    {
        var running = await QueryAsync(Select + " WHERE state = 'Running'", cancellationToken);
        var dead = running.Where(i => i.Owner is null || !isOwnerAlive(i.Owner)).ToList();
        var requeued = new List<QueueItem>();
        foreach (var item in dead)
        {
            // Only if still Running for the same owner (another server on this file may have taken it back meanwhile).
            if (await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, """
                UPDATE run_queue SET state = 'Queued', owner = NULL, previous_run_id = COALESCE(run_id, previous_run_id), run_id = NULL
                WHERE id = $id AND state = 'Running' AND owner IS $owner
                """, ct, ("$id", item.Id), ("$owner", item.Owner)), cancellationToken) > 0)
            {
                requeued.Add(item);
            }
        }

        return requeued;
    }

    private Task<IReadOnlyList<QueueItem>> QueryAsync(string sql, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        database.ReadAsync<IReadOnlyList<QueueItem>>(async (c, ct) =>
        {
            await using var command = Create(c, null, sql, parameters);
            return await ReadAllAsync(command, SqliteQueueWrites.Read, ct);
        }, cancellationToken);
}
