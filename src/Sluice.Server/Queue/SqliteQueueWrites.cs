using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Queue;

/// <summary>Queue inserts inside a caller's transaction, shared by the queue, the inbox and the schedules (each enqueues atomically with its own write).</summary>
internal static class SqliteQueueWrites
{
    public const string Columns =
        "id, repository, pipeline_id, kind, event_json, payload, concurrency_group, cancel_in_progress, pull_request, sha, state, run_id, " +
        "previous_run_id, owner, cancel_requested, reason, delivery_id, requested_by, created_at, started_at, finished_at";

    public static async Task<EnqueueResult> InsertAllAsync(SqliteConnection c, SqliteTransaction tx, IReadOnlyList<QueueRequest> requests, DateTimeOffset at, CancellationToken ct)
    {
        var enqueued = new List<long>();
        var cancel = new List<long>();
        var duplicates = 0;
        foreach (var request in requests)
        {
            const string Insert = """
                INSERT INTO run_queue (repository, pipeline_id, kind, event_json, payload, dedupe_key, concurrency_group, cancel_in_progress,
                    pull_request, sha, state, cancel_requested, delivery_id, requested_by, created_at)
                VALUES ($repo, $pipeline, $kind, $event, $payload, $dedupe, $group, $cip, $pr, $sha, $state, 0, $delivery, $by, $at)
                ON CONFLICT (repository, dedupe_key) DO NOTHING
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, Insert, ct, ("$repo", request.Repository), ("$pipeline", request.PipelineId),
                ("$kind", request.Kind.ToString()), ("$event", request.EventJson), ("$payload", request.Payload), ("$dedupe", request.DedupeKey),
                ("$group", request.ConcurrencyGroup), ("$cip", request.CancelInProgress ? 1 : 0), ("$pr", request.PullRequest), ("$sha", request.Sha),
                ("$state", (request.AwaitingApproval ? QueueState.AwaitingApproval : QueueState.Queued).ToString()),
                ("$delivery", request.DeliveryId), ("$by", request.RequestedBy), ("$at", SqliteRows.ToDb(at)));
            if (id == 0)
            {
                duplicates++;
                continue;
            }

            enqueued.Add(id);
            if (request.CancelInProgress && request.ConcurrencyGroup is { } group)
            {
                await ExecuteAsync(c, tx, """
                    UPDATE run_queue SET state = 'Cancelled', reason = $reason, finished_at = $at
                    WHERE concurrency_group = $group AND state IN ('Queued', 'AwaitingApproval') AND id < $id
                    """, ct, ("$reason", $"superseded by queued run {id}"), ("$at", SqliteRows.ToDb(at)), ("$group", group), ("$id", id));
                await using var running = Create(c, tx, """
                    UPDATE run_queue SET cancel_requested = 1, reason = $reason
                    WHERE concurrency_group = $group AND state = 'Running' AND id < $id
                    RETURNING id
                    """, ("$reason", $"superseded by queued run {id}"), ("$group", group), ("$id", id));
                cancel.AddRange(await ReadAllAsync(running, r => r.GetInt64(0), ct));
            }
        }

        return new EnqueueResult(enqueued, cancel, duplicates);
    }

    public static QueueItem Read(SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        Enum.Parse<QueueKind>(r.GetString(3)),
        r.GetString(4),
        r.IsDBNull(5) ? null : r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6),
        r.GetInt64(7) != 0,
        r.IsDBNull(8) ? null : r.GetInt32(8),
        r.IsDBNull(9) ? null : r.GetString(9),
        Enum.Parse<QueueState>(r.GetString(10)),
        r.IsDBNull(11) ? null : r.GetInt64(11),
        r.IsDBNull(12) ? null : r.GetInt64(12),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.GetInt64(14) != 0,
        r.IsDBNull(15) ? null : r.GetString(15),
        r.IsDBNull(16) ? null : r.GetString(16),
        r.IsDBNull(17) ? null : r.GetString(17),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(18)),
        r.IsDBNull(19) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(19)),
        r.IsDBNull(20) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(20)));
}
