using System.Text;
using Microsoft.Data.Sqlite;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Storage;

/// <summary>The read queries of <see cref="SqliteRunStore"/>, each on a connection the store opened.</summary>
internal static class SqliteRunReads
{
    public static async Task<RunRecord?> GetRunAsync(SqliteConnection c, long runId, CancellationToken ct)
    {
        await using var command = Create(c, null, $"SELECT {SqliteRows.RunColumns} FROM runs WHERE id = $id", ("$id", runId));
        var rows = await ReadAllAsync(command, SqliteRows.ReadRun, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<IReadOnlyList<RunRecord>> ListRunsAsync(SqliteConnection c, RunQuery query, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var sql = new StringBuilder($"SELECT {SqliteRows.RunColumns} FROM runs WHERE 1 = 1");
        var parameters = new List<(string, object?)> { ("$limit", query.Limit) };
        if (query.PipelineId is not null)
        {
            sql.Append(" AND pipeline_id = $pipeline");
            parameters.Add(("$pipeline", query.PipelineId));
        }

        if (query.State is { } state)
        {
            sql.Append(" AND state = $state");
            parameters.Add(("$state", SqliteRows.ToDb(state)));
        }

        if (query.Repository is not null)
        {
            sql.Append(" AND repository = $repository");
            parameters.Add(("$repository", query.Repository));
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT $limit");
        await using var command = Create(c, null, sql.ToString(), [.. parameters]);
        return await ReadAllAsync(command, SqliteRows.ReadRun, ct);
    }

    /// <summary>Jobs and their outputs, read in one snapshot so outputs match the job rows.</summary>
    public static async Task<IReadOnlyList<JobRecord>> GetJobsAsync(SqliteConnection c, long runId, CancellationToken ct)
    {
        await using var snapshot = c.BeginTransaction(deferred: true);
        var outputs = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        await using (var command = Create(c, snapshot, "SELECT job_key, name, value FROM job_outputs WHERE run_id = $run ORDER BY job_key, name", ("$run", runId)))
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var key = reader.GetString(0);
                if (!outputs.TryGetValue(key, out var map))
                {
                    outputs[key] = map = new Dictionary<string, string>(StringComparer.Ordinal);
                }

                map[reader.GetString(1)] = reader.GetString(2);
            }
        }

        var none = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var jobs = Create(c, snapshot, $"SELECT {SqliteRows.JobColumns} FROM jobs WHERE run_id = $run ORDER BY ordinal", ("$run", runId));
        return await ReadAllAsync(jobs, r => SqliteRows.ReadJob(r, outputs.TryGetValue(r.GetString(1), out var map) ? map : none), ct);
    }

    public static async Task<IReadOnlyList<StepRecord>> GetStepsAsync(SqliteConnection c, long runId, string? jobKey, CancellationToken ct)
    {
        var sql = $"""
            SELECT {SqliteRows.StepColumns} FROM steps s
            JOIN jobs j ON j.run_id = s.run_id AND j.job_key = s.job_key
            WHERE s.run_id = $run AND ($job IS NULL OR s.job_key = $job)
            ORDER BY j.ordinal, s.attempt, s.step_index
            """;
        await using var command = Create(c, null, sql, ("$run", runId), ("$job", jobKey));
        return await ReadAllAsync(command, SqliteRows.ReadStep, ct);
    }

    public static async Task<IReadOnlyList<LogLine>> GetLogsAsync(SqliteConnection c, long runId, string? jobKey, long afterSequence, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // One job: a straight range scan of the primary key. All jobs: grouped by job creation order.
        var sql = jobKey is not null
            ? $"""
                SELECT {SqliteRows.LogColumns} FROM log_lines l
                WHERE l.run_id = $run AND l.job_key = $job AND l.sequence > $after
                ORDER BY l.sequence LIMIT $limit
                """
            : $"""
                SELECT {SqliteRows.LogColumns} FROM log_lines l
                JOIN jobs j ON j.run_id = l.run_id AND j.job_key = l.job_key
                WHERE l.run_id = $run AND l.sequence > $after
                ORDER BY j.ordinal, l.sequence LIMIT $limit
                """;
        await using var command = Create(c, null, sql, ("$run", runId), ("$job", jobKey), ("$after", afterSequence), ("$limit", limit));
        return await ReadAllAsync(command, SqliteRows.ReadLog, ct);
    }

    public static async Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(SqliteConnection c, long runId, CancellationToken ct)
    {
        var sql = $"""
            SELECT {SqliteRows.ArtifactColumns} FROM artifacts a
            JOIN jobs j ON j.run_id = a.run_id AND j.job_key = a.job_key
            WHERE a.run_id = $run ORDER BY j.ordinal, a.path
            """;
        await using var command = Create(c, null, sql, ("$run", runId));
        return await ReadAllAsync(command, SqliteRows.ReadArtifact, ct);
    }
}
