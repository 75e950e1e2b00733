using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Queue;

/// <summary>
/// <see cref="IRunQueue"/> on PostgreSQL (table <c>run_queue</c>, migration 2), for several servers on one database.
/// <see cref="ClaimNextAsync"/> picks with <c>FOR UPDATE SKIP LOCKED</c>: two servers claiming at once never take the
/// same item and never wait on each other. The concurrency-group rule still holds between them: an item another
/// server is claiming right now is skipped but still counts as "an older Queued item of the group" in this
/// statement's snapshot (or as Running once that claim committed), so the group's next item is not eligible.
/// </summary>
internal sealed class PostgresRunQueue(PostgresDatabase database) : IRunQueue
{
    private const string Select = "SELECT " + PostgresQueueWrites.Columns + " FROM run_queue";

    public Task<EnqueueResult> EnqueueAsync(IReadOnlyList<QueueRequest> requests, DateTimeOffset at, CancellationToken cancellationToken) =>
        requests.Count == 0 ? Task.FromResult(EnqueueResult.Empty)
            : database.WriteAsync((c, tx, ct) => PostgresQueueWrites.InsertAllAsync(c, tx, requests, at, ct), cancellationToken);

    public Task<QueueItem?> ClaimNextAsync(string owner, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            const string Claim = """
                UPDATE run_queue SET state = 'Running', owner = @owner, started_at = @at
                WHERE id = (
                    SELECT q.id FROM run_queue q
                    WHERE q.state = 'Queued'
                      AND (q.concurrency_group IS NULL OR (
                          NOT EXISTS (SELECT 1 FROM run_queue r WHERE r.concurrency_group = q.concurrency_group AND r.state = 'Running')
                          AND NOT EXISTS (SELECT 1 FROM run_queue e WHERE e.concurrency_group = q.concurrency_group AND e.state = 'Queued' AND e.id < q.id)))
                    ORDER BY q.id LIMIT 1
                    FOR UPDATE SKIP LOCKED)
                  AND state = 'Queued'
                RETURNING
                """ + " " + PostgresQueueWrites.Columns;
            await using var command = Create(c, tx, Claim, ("owner", owner), ("at", at));
            return (await ReadAllAsync(command, PostgresQueueWrites.Read, ct)).FirstOrDefault();
        }, cancellationToken);

    public async Task<bool> SetRunIdAsync(long id, string owner, long runId, CancellationToken cancellationToken) =>
        await database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx, "UPDATE run_queue SET run_id = @run WHERE id = @id AND state = 'Running' AND owner = @owner",
            ct, ("run", runId), ("id", id), ("owner", owner)), cancellationToken) > 0;

    public async Task<bool> FinishAsync(long id, string owner, QueueState state, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        await database.WriteAsync(async (c, tx, ct) =>
        {
            var changed = await ExecuteAsync(c, tx,
                "UPDATE run_queue SET state = @state, reason = COALESCE(@reason::text, reason), finished_at = @at WHERE id = @id AND state = 'Running' AND owner = @owner",
                ct, ("state", state.ToString()), ("reason", reason), ("at", at), ("id", id), ("owner", owner));

            // A finished item may free its concurrency group for the next one, which any server may claim.
            if (changed > 0)
            {
                await PostgresQueueWrites.NotifyAsync(c, tx, PostgresQueueWrites.Channel, ct);
            }

            return changed;
        }, cancellationToken) > 0;

    public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await ExecuteAsync(c, tx, "UPDATE run_queue SET state = 'Cancelled', reason = @reason, finished_at = @at WHERE id = @id AND state IN ('Queued', 'AwaitingApproval')",
                ct, ("reason", reason), ("at", at), ("id", id));
            return await ExecuteAsync(c, tx, "UPDATE run_queue SET cancel_requested = 1, reason = @reason WHERE id = @id AND state = 'Running'",
                ct, ("reason", reason), ("id", id)) > 0;
        }, cancellationToken);

    public Task<bool> ApproveAsync(long id, string approvedBy, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var approved = await ExecuteAsync(c, tx, "UPDATE run_queue SET state = 'Queued', reason = @reason WHERE id = @id AND state = 'AwaitingApproval'",
                ct, ("reason", $"approved by {approvedBy}"), ("id", id)) > 0;
            if (approved)
            {
                await PostgresQueueWrites.NotifyAsync(c, tx, PostgresQueueWrites.Channel, ct);
            }

            return approved;
        }, cancellationToken);

    public async Task<QueueItem?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync(Select + " WHERE id = @id", cancellationToken, ("id", id))).FirstOrDefault();

    public async Task<QueueItem?> FindByRunAsync(long runId, CancellationToken cancellationToken) =>
        (await QueryAsync(Select + " WHERE run_id = @run ORDER BY id DESC LIMIT 1", cancellationToken, ("run", runId))).FirstOrDefault();

    public Task<IReadOnlyList<QueueItem>> ListAsync(QueueQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        return QueryAsync(Select + """
             WHERE (@repo::text IS NULL OR repository = @repo::text) AND (@pr::integer IS NULL OR pull_request = @pr::integer)
               AND (@state::text IS NULL OR state = @state::text)
             ORDER BY id DESC LIMIT @limit
            """, cancellationToken, ("repo", query.Repository), ("pr", query.PullRequest), ("state", query.State?.ToString()), ("limit", query.Limit));
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
            // Only if still Running for the same owner: another server's recovery may have requeued (and a third
            // claimed) it since the read above.
            var changed = await database.WriteAsync(async (c, tx, ct) =>
            {
                var n = await ExecuteAsync(c, tx, """
                    UPDATE run_queue SET state = 'Queued', owner = NULL, previous_run_id = COALESCE(run_id, previous_run_id), run_id = NULL
                    WHERE id = @id AND state = 'Running' AND owner IS NOT DISTINCT FROM @owner::text
                    """, ct, ("id", item.Id), ("owner", item.Owner));
                if (n > 0)
                {
                    await PostgresQueueWrites.NotifyAsync(c, tx, PostgresQueueWrites.Channel, ct);
                }

                return n;
            }, cancellationToken);
            if (changed > 0)
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
            return await ReadAllAsync(command, PostgresQueueWrites.Read, ct);
        }, cancellationToken);
}
