using System.Text;
using Npgsql;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// The read queries of <see cref="PostgresRunStore"/>, each one statement (so one snapshot) on a connection the store
/// opened. Text is ordered with <c>COLLATE "C"</c> (code point order) to match SQLite's BINARY collation whatever
/// locale the database was created with.
/// </summary>
internal static class PostgresRunReads
{
    public static async Task<RunRecord?> GetRunAsync(NpgsqlConnection c, long runId, CancellationToken ct)
    {
        await using var command = Create(c, null, $"SELECT {PostgresRows.RunColumns} FROM runs WHERE id = @id", ("id", runId));
        var rows = await ReadAllAsync(command, PostgresRows.ReadRun, ct);
        return rows.Count == 0 ? null : rows[0];
    }

    public static async Task<IReadOnlyList<RunRecord>> ListRunsAsync(NpgsqlConnection c, RunQuery query, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(query.Limit);
        var sql = new StringBuilder($"SELECT {PostgresRows.RunColumns} FROM runs WHERE TRUE");
        var parameters = new List<(string, object?)> { ("limit", query.Limit) };
        if (query.PipelineId is not null)
        {
            sql.Append(" AND pipeline_id = @pipeline");
            parameters.Add(("pipeline", query.PipelineId));
        }

        if (query.State is { } state)
        {
            sql.Append(" AND state = @state");
            parameters.Add(("state", PostgresRows.ToDb(state)));
        }

        if (query.Repository is not null)
        {
            sql.Append(" AND repository = @repository");
            parameters.Add(("repository", query.Repository));
        }

        sql.Append(" ORDER BY created_at DESC, id DESC LIMIT @limit");
        await using var command = Create(c, null, sql.ToString(), [.. parameters]);
        return await ReadAllAsync(command, PostgresRows.ReadRun, ct);
    }

    /// <summary>Jobs with their outputs in one statement, so outputs match the job rows (one snapshot).</summary>
    public static async Task<IReadOnlyList<JobRecord>> GetJobsAsync(NpgsqlConnection c, long runId, CancellationToken ct)
    {
        var sql = $"""
            SELECT {PostgresRows.JobColumns}, o.name, o.value FROM jobs j
            LEFT JOIN job_outputs o ON o.run_id = j.run_id AND o.job_key = j.job_key
            WHERE j.run_id = @run
            ORDER BY j.ordinal, o.name COLLATE "C"
            """;
        await using var command = Create(c, null, sql, ("run", runId));
        await using var reader = await command.ExecuteReaderAsync(ct);
        var jobs = new List<JobRecord>();
        Dictionary<string, string>? outputs = null;
        while (await reader.ReadAsync(ct))
        {
            // Rows of one job are adjacent (ordered by ordinal); the first row of each job makes its record.
            if (jobs.Count == 0 || !string.Equals(jobs[^1].Key, reader.GetString(1), StringComparison.Ordinal))
            {
                outputs = new Dictionary<string, string>(StringComparer.Ordinal);
                jobs.Add(PostgresRows.ReadJob(reader, outputs));
            }

            if (!reader.IsDBNull(11))
            {
                outputs![reader.GetString(11)] = reader.GetString(12);
            }
        }

        return jobs;
    }

    public static async Task<IReadOnlyList<StepRecord>> GetStepsAsync(NpgsqlConnection c, long runId, string? jobKey, CancellationToken ct)
    {
        var sql = $"""
            SELECT {PostgresRows.StepColumns} FROM steps s
            JOIN jobs j ON j.run_id = s.run_id AND j.job_key = s.job_key
            WHERE s.run_id = @run {(jobKey is null ? "" : "AND s.job_key = @job")}
            ORDER BY j.ordinal, s.attempt, s.step_index
            """;
        await using var command = jobKey is null ? Create(c, null, sql, ("run", runId)) : Create(c, null, sql, ("run", runId), ("job", jobKey));
        return await ReadAllAsync(command, PostgresRows.ReadStep, ct);
    }

    public static async Task<IReadOnlyList<LogLine>> GetLogsAsync(NpgsqlConnection c, long runId, string? jobKey, long afterSequence, int limit, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);

        // One job: a straight range scan of the primary key. All jobs: grouped by job creation order.
        if (jobKey is not null)
        {
            var oneJob = $"""
                SELECT {PostgresRows.LogColumns} FROM log_lines l
                WHERE l.run_id = @run AND l.job_key = @job AND l.sequence > @after
                ORDER BY l.sequence LIMIT @limit
                """;
            await using var command = Create(c, null, oneJob, ("run", runId), ("job", jobKey), ("after", afterSequence), ("limit", limit));
            return await ReadAllAsync(command, PostgresRows.ReadLog, ct);
        }

        var allJobs = $"""
            SELECT {PostgresRows.LogColumns} FROM log_lines l
            JOIN jobs j ON j.run_id = l.run_id AND j.job_key = l.job_key
            WHERE l.run_id = @run AND l.sequence > @after
            ORDER BY j.ordinal, l.sequence LIMIT @limit
            """;
        await using var all = Create(c, null, allJobs, ("run", runId), ("after", afterSequence), ("limit", limit));
        return await ReadAllAsync(all, PostgresRows.ReadLog, ct);
    }

    public static async Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(NpgsqlConnection c, long runId, CancellationToken ct)
    {
        var sql = $"""
            SELECT {PostgresRows.ArtifactColumns} FROM artifacts a
            JOIN jobs j ON j.run_id = a.run_id AND j.job_key = a.job_key
            WHERE a.run_id = @run ORDER BY j.ordinal, a.path COLLATE "C"
            """;
        await using var command = Create(c, null, sql, ("run", runId));
        return await ReadAllAsync(command, PostgresRows.ReadArtifact, ct);
    }
}
