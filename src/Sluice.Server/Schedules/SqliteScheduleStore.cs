using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Server.Schedules;

/// <summary><see cref="IScheduleStore"/> on the server's SQLite file (tables <c>schedule_state</c>, <c>schedule_fires</c>).</summary>
internal sealed class SqliteScheduleStore(SqliteDatabase database) : IScheduleStore
{
    public Task<DateTimeOffset?> GetLastFireAsync(string repository, string pipelineId, CancellationToken cancellationToken) =>
        database.ReadAsync<DateTimeOffset?>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT last_fire FROM schedule_state WHERE repository = $repo AND pipeline_id = $pipeline",
                ("$repo", repository), ("$pipeline", pipelineId));
            var value = await command.ExecuteScalarAsync(ct);
            return value is long ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
        }, cancellationToken);

    public Task<IReadOnlyList<DateTimeOffset>> GetFiresAsync(string repository, string pipelineId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DateTimeOffset>>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT fire_at FROM schedule_fires WHERE repository = $repo AND pipeline_id = $pipeline ORDER BY fire_at",
                ("$repo", repository), ("$pipeline", pipelineId));
            return await ReadAllAsync(command, r => DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(0)), ct);
        }, cancellationToken);

    public Task StartTrackingAsync(string repository, string pipelineId, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync((c, tx, ct) => ExecuteAsync(c, tx,
            "INSERT INTO schedule_state (repository, pipeline_id, last_fire) VALUES ($repo, $pipeline, $at) ON CONFLICT (repository, pipeline_id) DO NOTHING",
            ct, ("$repo", repository), ("$pipeline", pipelineId), ("$at", SqliteRows.ToDb(at))), cancellationToken);

    public Task<bool> FireAsync(string repository, string pipelineId, DateTimeOffset fireAt, QueueRequest run, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var fresh = await ExecuteAsync(c, tx,
                "INSERT INTO schedule_fires (repository, pipeline_id, fire_at) VALUES ($repo, $pipeline, $at) ON CONFLICT DO NOTHING",
                ct, ("$repo", repository), ("$pipeline", pipelineId), ("$at", SqliteRows.ToDb(fireAt))) == 1;
            await ExecuteAsync(c, tx, """
                INSERT INTO schedule_state (repository, pipeline_id, last_fire) VALUES ($repo, $pipeline, $at)
                ON CONFLICT (repository, pipeline_id) DO UPDATE SET last_fire = MAX(last_fire, excluded.last_fire)
                """, ct, ("$repo", repository), ("$pipeline", pipelineId), ("$at", SqliteRows.ToDb(fireAt)));
            if (!fresh)
            {
                return false;
            }

            var result = await SqliteQueueWrites.InsertAllAsync(c, tx, [run], now, ct);
            if (result.Enqueued.Count > 0)
            {
                await ExecuteAsync(c, tx, "UPDATE schedule_fires SET queue_id = $q WHERE repository = $repo AND pipeline_id = $pipeline AND fire_at = $at",
                    ct, ("$q", result.Enqueued[0]), ("$repo", repository), ("$pipeline", pipelineId), ("$at", SqliteRows.ToDb(fireAt)));
            }

            return true;
        }, cancellationToken);
}
