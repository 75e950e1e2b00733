using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Queue;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Server.Schedules;

/// <summary>
/// <see cref="IScheduleStore"/> on PostgreSQL (tables <c>schedule_state</c>, <c>schedule_fires</c>). With several
/// servers each one checks the schedules; the primary key of <c>schedule_fires</c> (repository, pipeline, fire time)
/// makes one of them enqueue a fire time: the other's insert waits for the first to commit and then does nothing.
/// </summary>
internal sealed class PostgresScheduleStore(PostgresDatabase database) : IScheduleStore
{
    public Task<DateTimeOffset?> GetLastFireAsync(string repository, string pipelineId, CancellationToken cancellationToken) =>
        database.ReadAsync<DateTimeOffset?>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT last_fire FROM schedule_state WHERE repository = @repo AND pipeline_id = @pipeline",
                ("repo", repository), ("pipeline", pipelineId));
            return (await ReadAllAsync(command, r => PostgresRows.Time(r, 0), ct)) is [var last] ? last : null;
        }, cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> GetFiresAsync(string repository, string pipelineId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DateTimeOffset>>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT fire_at FROM schedule_fires WHERE repository = @repo AND pipeline_id = @pipeline ORDER BY fire_at",
                ("repo", repository), ("pipeline", pipelineId));
            return await ReadAllAsync(command, r => PostgresRows.Time(r, 0), ct);
        }, cancellationToken);

    public Task StartTrackingAsync(string repository, string pipelineId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
            "INSERT INTO schedule_state (repository, pipeline_id, last_fire) VALUES (@repo, @pipeline, @at) ON CONFLICT (repository, pipeline_id) DO NOTHING",
            ct, ("repo", repository), ("pipeline", pipelineId), ("at", at)), cancellationToken);

    public Task<bool> FireAsync(string repository, string pipelineId, DateTimeOffset fireAt, QueueRequest run, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var fresh = await ExecuteAsync(c, tx,
                "INSERT INTO schedule_fires (repository, pipeline_id, fire_at) VALUES (@repo, @pipeline, @at) ON CONFLICT DO NOTHING",
                ct, ("repo", repository), ("pipeline", pipelineId), ("at", fireAt)) == 1;
            await ExecuteAsync(c, tx, """
                INSERT INTO schedule_state (repository, pipeline_id, last_fire) VALUES (@repo, @pipeline, @at)
                ON CONFLICT (repository, pipeline_id) DO UPDATE SET last_fire = GREATEST(schedule_state.last_fire, excluded.last_fire)
                """, ct, ("repo", repository), ("pipeline", pipelineId), ("at", fireAt));
            if (!fresh)
            {
                return false;
            }

            var result = await PostgresQueueWrites.InsertAllAsync(c, tx, [run], now, ct);
            if (result.Enqueued.Count > 0)
            {
                await ExecuteAsync(c, tx, "UPDATE schedule_fires SET queue_id = @q WHERE repository = @repo AND pipeline_id = @pipeline AND fire_at = @at",
                    ct, ("q", result.Enqueued[0]), ("repo", repository), ("pipeline", pipelineId), ("at", fireAt));
            }

            return true;
        }, cancellationToken);
}
