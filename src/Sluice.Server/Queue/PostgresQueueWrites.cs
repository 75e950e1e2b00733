using Npgsql;
using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Queue;

/// <summary>
/// Queue inserts inside a caller's PostgreSQL transaction, shared by the queue, the inbox and the schedules (each
/// enqueues atomically with its own write); the twin of <see cref="SqliteQueueWrites"/>. When something was enqueued
/// the transaction also notifies <see cref="Channel"/>, which PostgreSQL delivers to listeners only on commit.
/// </summary>
internal static class PostgresQueueWrites
{
    /// <summary>The LISTEN/NOTIFY channel that wakes every server's dispatcher (see <c>Hosting/PostgresWakeUps</c>).</summary>
    public const string Channel = "sluice_run_queue";

    public const string Columns = SqliteQueueWrites.Columns;

    public static async Task<EnqueueResult> InsertAllAsync(NpgsqlConnection c, NpgsqlTransaction tx, IReadOnlyList<QueueRequest> requests, DateTimeOffset at, CancellationToken ct)
    {
        var enqueued = new List<long>();
        var cancel = new List<long>();
        var duplicates = 0;
        foreach (var request in requests)
        {
            const string Insert = """
                INSERT INTO run_queue (repository, pipeline_id, kind, event_json, payload, dedupe_key, concurrency_group, cancel_in_progress,
                    pull_request, sha, state, cancel_requested, delivery_id, requested_by, created_at)
                VALUES (@repo, @pipeline, @kind, @event, @payload::text, @dedupe::text, @group::text, @cip, @pr::integer, @sha::text, @state, 0,
                    @delivery::text, @by::text, @at)
                ON CONFLICT (repository, dedupe_key) DO NOTHING
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, Insert, ct, ("repo", request.Repository), ("pipeline", request.PipelineId),
                ("kind", request.Kind.ToString()), ("event", request.EventJson), ("payload", request.Payload), ("dedupe", request.DedupeKey),
                ("group", request.ConcurrencyGroup), ("cip", request.CancelInProgress ? 1 : 0), ("pr", request.PullRequest), ("sha", request.Sha),
                ("state", (request.AwaitingApproval ? QueueState.AwaitingApproval : QueueState.Queued).ToString()),
                ("delivery", request.DeliveryId), ("by", request.RequestedBy), ("at", at));
            if (id == 0)
            {
                duplicates++;
                continue;
            }

            enqueued.Add(id);
            if (request.CancelInProgress && request.ConcurrencyGroup is { } group)
            {
                await ExecuteAsync(c, tx, """
                    UPDATE run_queue SET state = 'Cancelled', reason = @reason, finished_at = @at
                    WHERE concurrency_group = @group AND state IN ('Queued', 'AwaitingApproval') AND id < @id
                    """, ct, ("reason", $"superseded by queued run {id}"), ("at", at), ("group", group), ("id", id));
                await using var running = Create(c, tx, """
                    UPDATE run_queue SET cancel_requested = 1, reason = @reason
                    WHERE concurrency_group = @group AND state = 'Running' AND id < @id
                    RETURNING id
                    """, ("reason", $"superseded by queued run {id}"), ("group", group), ("id", id));
                cancel.AddRange(await ReadAllAsync(running, r => r.GetInt64(0), ct));
            }
        }

        if (enqueued.Count > 0)
        {
            await NotifyAsync(c, tx, Channel, ct);
        }

        return new EnqueueResult(enqueued, cancel, duplicates);
    }

    /// <summary>Queues a notification on <paramref name="channel"/>; PostgreSQL sends it when the transaction commits.</summary>
    public static Task NotifyAsync(NpgsqlConnection c, NpgsqlTransaction tx, string channel, CancellationToken ct) =>
        ExecuteAsync(c, tx, "SELECT pg_notify(@channel, '')", ct, ("channel", channel));

    public static QueueItem Read(NpgsqlDataReader r) => new(
        r.GetInt64(0),
        r.GetString(1),
        r.GetString(2),
        Enum.Parse<QueueKind>(r.GetString(3)),
        r.GetString(4),
        PostgresRows.NullableString(r, 5),
        PostgresRows.NullableString(r, 6),
        r.GetInt32(7) != 0,
        r.IsDBNull(8) ? null : r.GetInt32(8),
        PostgresRows.NullableString(r, 9),
        Enum.Parse<QueueState>(r.GetString(10)),
        r.IsDBNull(11) ? null : r.GetInt64(11),
        r.IsDBNull(12) ? null : r.GetInt64(12),
        PostgresRows.NullableString(r, 13),
        r.GetInt32(14) != 0,
        PostgresRows.NullableString(r, 15),
        PostgresRows.NullableString(r, 16),
        PostgresRows.NullableString(r, 17),
        PostgresRows.Time(r, 18),
        PostgresRows.NullableTime(r, 19),
        PostgresRows.NullableTime(r, 20));
}
