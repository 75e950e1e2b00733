using Microsoft.Data.Sqlite;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Storage;

/// <summary>
/// <see cref="IRunStore"/> on one SQLite file (normally <c>&lt;state dir&gt;/sluice.db</c>).
/// <list type="bullet">
/// <item>WAL journal with <c>synchronous=NORMAL</c>: a commit has reached the WAL file through <c>write()</c> before
/// the call returns, so a SIGKILL of this process loses nothing committed; only an OS crash or power loss can drop
/// the last commits (FULL would fsync every log batch for that, which the history does not need).</item>
/// <item>Connections, the write gate and transactions: <see cref="SqliteDatabase"/>.</item>
/// <item>Foreign keys on; deleting a run cascades to its jobs, outputs, steps, log lines and artifacts.</item>
/// <item>Callers mask secrets before anything reaches the store; it stores text as given.</item>
/// </list>
/// </summary>
internal sealed class SqliteRunStore : IRunStore
{
    private readonly SqliteDatabase database;
    private readonly TimeProvider timeProvider;
    private readonly RunFence? fence;
    private readonly bool ownsDatabase = true;

    public SqliteRunStore(string databasePath, TimeProvider timeProvider)
        : this(new SqliteDatabase(databasePath), timeProvider)
    {
    }

    /// <summary>On a database shared with other stores of the same file (the server's inbox and queue), so all writers pass one gate.</summary>
    public SqliteRunStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        this.database = database;
        this.timeProvider = timeProvider;
    }

    private SqliteRunStore(SqliteRunStore store, RunFence fence)
    {
        database = store.database;
        timeProvider = store.timeProvider;
        this.fence = fence;
        ownsDatabase = false;
    }

    /// <summary>The connections and write gate of the file; other stores on the same file reuse it.</summary>
    public SqliteDatabase Database => database;

    public string DatabasePath => database.Path;

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        var directory = Path.GetDirectoryName(DatabasePath);
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await WriteAsync<object?>(async (c, tx, ct) =>
        {
            await SqliteMigrator.ApplyAsync(c, tx, SqliteMigrations.All, timeProvider.GetUtcNow(), ct);
            return null;
        }, cancellationToken, beforeTransaction: SqliteMigrator.PrepareAsync);
    }

    /// <summary>Versions recorded in <c>schema_migrations</c>, ascending.</summary>
    internal async Task<IReadOnlyList<(int Version, string Name, DateTimeOffset AppliedAt)>> GetAppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        return await ReadAsync((c, ct) => SqliteMigrator.GetAppliedAsync(c, null, ct), cancellationToken);
    }

    public Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        var duplicate = jobs.GroupBy(j => j.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"job key `{duplicate.Key}` appears more than once", nameof(jobs));
        }

        return WriteAsync(async (c, tx, ct) =>
        {
            const string InsertRun = """
                INSERT INTO runs (repository, pipeline_id, pipeline_name, pipeline_file, event_kind, event_json, branch, sha, actor, owner, state, created_at, parent_run_id)
                VALUES ($repository, $pipeline_id, $pipeline_name, $pipeline_file, $event_kind, $event_json, $branch, $sha, $actor, $owner, $state, $created_at, $parent)
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, InsertRun, ct,
                ("$repository", run.Repository), ("$pipeline_id", run.PipelineId), ("$pipeline_name", run.PipelineName),
                ("$pipeline_file", run.PipelineFile), ("$event_kind", run.EventKind), ("$event_json", run.EventJson),
                ("$branch", run.Branch), ("$sha", run.Sha), ("$actor", run.Actor), ("$owner", run.Owner),
                ("$state", SqliteRows.ToDb(RunState.Queued)), ("$created_at", SqliteRows.ToDb(run.CreatedAt)), ("$parent", run.ParentRunId));

            const string InsertJob = """
                INSERT INTO jobs (run_id, job_key, ordinal, job_id, display_name, needs_json, matrix_json, state, attempts)
                VALUES ($run, $key, $ordinal, $job_id, $display_name, $needs, $matrix, $state, 0)
                """;
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i];
                await ExecuteAsync(c, tx, InsertJob, ct, ("$run", id), ("$key", job.Key), ("$ordinal", i), ("$job_id", job.JobId),
                    ("$display_name", job.DisplayName), ("$needs", job.NeedsJson), ("$matrix", job.MatrixJson), ("$state", SqliteRows.ToDb(JobState.Pending)));
            }

            return id;
        }, cancellationToken);
    }

    public IRunStore FencedTo(RunFence fence) => new SqliteRunStore(this, fence);

    public Task SetRunStateAsync(long runId, RunState state, DateTimeOffset at, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            // Running stamps the first start; a terminal state stamps the finish; neither is ever cleared.
            RunFence.CheckLease(fence, runId);
            const string Sql = "UPDATE runs SET state = $state, started_at = COALESCE(started_at, $started), finished_at = COALESCE($finished, finished_at) WHERE id = $id AND "
                + SqliteRunFencing.OnRun;
            var changed = await ExecuteAsync(c, tx, Sql, ct, [("$state", SqliteRows.ToDb(state)), ("$id", runId),
                ("$started", state == RunState.Running ? SqliteRows.ToDb(at) : null),
                ("$finished", state.IsTerminal() ? SqliteRows.ToDb(at) : null), .. SqliteRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await SqliteRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownRun(runId), ct) : changed;
        }, cancellationToken);

    public Task SetRunSummaryAsync(long runId, string summary, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            RunFence.CheckLease(fence, runId);
            var changed = await ExecuteAsync(c, tx, "UPDATE runs SET summary = $summary WHERE id = $id AND " + SqliteRunFencing.OnRun, ct,
                [("$summary", summary), ("$id", runId), .. SqliteRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await SqliteRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownRun(runId), ct) : changed;
        }, cancellationToken);

    public Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            RunFence.CheckLease(fence, runId);
            const string Sql = """
                UPDATE jobs SET state = $state, reason = $reason, attempts = $attempts,
                    started_at = COALESCE($started, started_at), finished_at = COALESCE($finished, finished_at)
                WHERE run_id = $run AND job_key = $key AND
                """ + " " + SqliteRunFencing.OnChild;
            var changed = await ExecuteAsync(c, tx, Sql, ct, [("$state", SqliteRows.ToDb(state)), ("$reason", reason), ("$attempts", attempts),
                ("$started", SqliteRows.ToDb(startedAt)), ("$finished", SqliteRows.ToDb(finishedAt)), ("$run", runId), ("$key", jobKey), .. SqliteRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await SqliteRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownJob(runId, jobKey), ct) : changed;
        }, cancellationToken);

    public Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await SqliteRunFencing.GuardAsync(c, tx, fence, runId, ct);
            if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM jobs WHERE run_id = $run AND job_key = $key", ct, ("$run", runId), ("$key", jobKey)) == 0)
            {
                throw UnknownJob(runId, jobKey);
            }

            await ExecuteAsync(c, tx, "DELETE FROM job_outputs WHERE run_id = $run AND job_key = $key", ct, ("$run", runId), ("$key", jobKey));
            foreach (var (name, value) in outputs)
            {
                await ExecuteAsync(c, tx, "INSERT INTO job_outputs (run_id, job_key, name, value) VALUES ($run, $key, $name, $value)", ct,
                    ("$run", runId), ("$key", jobKey), ("$name", name), ("$value", value));
            }

            return outputs.Count;
        }, cancellationToken);

    public Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await SqliteRunFencing.GuardAsync(c, tx, fence, step.RunId, ct);
            const string Sql = """
                INSERT INTO steps (run_id, job_key, attempt, step_index, name, state, exit_code, started_at, finished_at)
                VALUES ($run, $key, $attempt, $index, $name, $state, $exit, $started, $finished)
                ON CONFLICT (run_id, job_key, attempt, step_index) DO UPDATE SET
                    name = excluded.name, state = excluded.state, exit_code = excluded.exit_code,
                    started_at = excluded.started_at, finished_at = excluded.finished_at
                """;
            return await ExecuteAsync(c, tx, Sql, ct, ("$run", step.RunId), ("$key", step.JobKey), ("$attempt", step.Attempt), ("$index", step.Index),
                ("$name", step.Name), ("$state", SqliteRows.ToDb(step.State)), ("$exit", step.ExitCode),
                ("$started", SqliteRows.ToDb(step.StartedAt)), ("$finished", SqliteRows.ToDb(step.FinishedAt)));
        }, cancellationToken);

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(async (c, tx, ct) =>
        {
            foreach (var runId in lines.Select(l => l.RunId).Distinct())
            {
                await SqliteRunFencing.GuardAsync(c, tx, fence, runId, ct);
            }

            const string Sql = """
                INSERT INTO log_lines (run_id, job_key, sequence, attempt, step_index, logged_at, stream, text)
                VALUES ($run, $key, $seq, $attempt, $step, $at, $stream, $text)
                ON CONFLICT (run_id, job_key, sequence) DO NOTHING
                """;
            await using var command = Create(c, tx, Sql);
            var run = command.Parameters.Add("$run", SqliteType.Integer);
            var key = command.Parameters.Add("$key", SqliteType.Text);
            var seq = command.Parameters.Add("$seq", SqliteType.Integer);
            var attempt = command.Parameters.Add("$attempt", SqliteType.Integer);
            var step = command.Parameters.Add("$step", SqliteType.Integer);
            var at = command.Parameters.Add("$at", SqliteType.Integer);
            var stream = command.Parameters.Add("$stream", SqliteType.Text);
            var text = command.Parameters.Add("$text", SqliteType.Text);
            command.Prepare();
            var inserted = 0;
            foreach (var line in lines)
            {
                (run.Value, key.Value, seq.Value, attempt.Value) = (line.RunId, line.JobKey, line.Sequence, line.Attempt);
                (step.Value, at.Value, stream.Value, text.Value) = (line.StepIndex, SqliteRows.ToDb(line.Timestamp), line.Stream, line.Text);
                inserted += await command.ExecuteNonQueryAsync(ct);
            }

            return inserted;
        }, cancellationToken);
    }

    public Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken) =>
        database.WriteBatchAsync(ct => RunStoreBatch.ApplyEachAsync(this, writes, onError, ct), cancellationToken);

    public Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken) =>
        WriteAsync(async (c, tx, ct) =>
        {
            await SqliteRunFencing.GuardAsync(c, tx, fence, artifact.RunId, ct);
            const string Sql = """
                INSERT INTO artifacts (run_id, job_key, path, sha256, size) VALUES ($run, $key, $path, $sha, $size)
                ON CONFLICT (run_id, job_key, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size
                """;
            return await ExecuteAsync(c, tx, Sql, ct, ("$run", artifact.RunId), ("$key", artifact.JobKey), ("$path", artifact.Path),
                ("$sha", artifact.Sha256), ("$size", artifact.Size));
        }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.GetRunAsync(c, runId, ct), cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.ListRunsAsync(c, query, ct), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.GetJobsAsync(c, runId, ct), cancellationToken);

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(long runId, string? jobKey, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.GetStepsAsync(c, runId, jobKey, ct), cancellationToken);

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(long runId, string? jobKey, long afterSequence, int limit, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.GetLogsAsync(c, runId, jobKey, afterSequence, limit, ct), cancellationToken);

    public Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(long runId, CancellationToken cancellationToken) =>
        ReadAsync((c, ct) => SqliteRunReads.GetArtifactsAsync(c, runId, ct), cancellationToken);

    public async Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Ask about each owner outside the write transaction: the liveness check reads /proc and may be slow.
        var active = await ReadAsync(SqliteRunMaintenance.GetActiveRunsAsync, cancellationToken);
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var dead = active.Where(r => !(verdicts.TryGetValue(r.Owner, out var alive) ? alive : verdicts[r.Owner] = isOwnerAlive(r.Owner))).Select(r => r.Id).ToList();
        if (dead.Count == 0)
        {
            return [];
        }

        return await WriteAsync<IReadOnlyList<long>>(async (c, tx, ct) =>
        {
            var interrupted = new List<long>();
            foreach (var id in dead)
            {
                if (await SqliteRunMaintenance.InterruptAsync(c, tx, id, at, ct))
                {
                    interrupted.Add(id);
                }
            }

            return interrupted;
        }, cancellationToken);
    }

    public Task<PruneResult> PruneAsync(DateTimeOffset olderThan, int keepLast, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(keepLast);
        return WriteAsync((c, tx, ct) => SqliteRunMaintenance.PruneAsync(c, tx, olderThan, keepLast, ct), cancellationToken);
    }

    public ValueTask DisposeAsync() => ownsDatabase ? database.DisposeAsync() : ValueTask.CompletedTask;

    private static KeyNotFoundException UnknownRun(long runId) => new($"run {runId} does not exist");

    private static KeyNotFoundException UnknownJob(long runId, string jobKey) => new($"job `{jobKey}` of run {runId} does not exist");

    private Task<T> ReadAsync<T>(Func<SqliteConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken) =>
        database.ReadAsync(read, cancellationToken);

    private Task<T> WriteAsync<T>(
        Func<SqliteConnection, SqliteTransaction, CancellationToken, Task<T>> write,
        CancellationToken cancellationToken,
        Func<SqliteConnection, CancellationToken, Task>? beforeTransaction = null) =>
        database.WriteAsync(write, cancellationToken, beforeTransaction);
}
