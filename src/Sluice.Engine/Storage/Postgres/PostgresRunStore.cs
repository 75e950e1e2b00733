using Npgsql;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// <see cref="IRunStore"/> on a PostgreSQL database, for several servers sharing one history. Mirrors
/// <see cref="SqliteRunStore"/> (same tables, same answers: the contract tests run against both).
/// <list type="bullet">
/// <item>A commit is durable when the call returns (PostgreSQL's default <c>synchronous_commit</c>).</item>
/// <item>Connections and transactions: <see cref="PostgresDatabase"/>; schema: <see cref="PostgresMigrations"/>,
/// applied under an advisory lock by <see cref="PostgresMigrator"/>.</item>
/// <item>Log batches are one multi-row <c>INSERT … ON CONFLICT DO NOTHING</c>, rows sorted by key so two servers
/// appending overlapping batches take row locks in the same order (no deadlock) and each line is stored once.</item>
/// <item>Text is stored as given, except U+0000, which PostgreSQL text cannot hold: it reads back as U+FFFD.</item>
/// </list>
/// </summary>
internal sealed class PostgresRunStore : IRunStore
{
    private readonly PostgresDatabase database;
    private readonly TimeProvider timeProvider;
    private readonly RunFence? fence;
    private readonly bool ownsDatabase = true;

    /// <param name="connectionString">An Npgsql key=value connection string (see <see cref="PostgresConnectionString"/> for URLs).</param>
    public PostgresRunStore(string connectionString, TimeProvider timeProvider)
    {
        database = new PostgresDatabase(connectionString);
        this.timeProvider = timeProvider;
    }

    private PostgresRunStore(PostgresRunStore store, RunFence fence)
    {
        database = store.database;
        timeProvider = store.timeProvider;
        this.fence = fence;
        ownsDatabase = false;
    }

    /// <summary>The connections of this store, for the server's stores that share its database.</summary>
    public PostgresDatabase Database => database;

    public Task MigrateAsync(CancellationToken cancellationToken) =>
        database.WriteAsync<object?>(async (c, tx, ct) =>
        {
            await PostgresMigrator.ApplyAsync(c, tx, PostgresMigrations.All, timeProvider.GetUtcNow(), ct);
            return null;
        }, cancellationToken);

    /// <summary>Versions recorded in <c>schema_migrations</c>, ascending.</summary>
    internal Task<IReadOnlyList<(int Version, string Name, DateTimeOffset AppliedAt)>> GetAppliedMigrationsAsync(CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresMigrator.GetAppliedAsync(c, null, ct), cancellationToken);

    public Task<long> CreateRunAsync(NewRun run, IReadOnlyList<NewJob> jobs, CancellationToken cancellationToken)
    {
        var duplicate = jobs.GroupBy(j => j.Key, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"job key `{duplicate.Key}` appears more than once", nameof(jobs));
        }

        return database.WriteAsync(async (c, tx, ct) =>
        {
            const string InsertRun = """
                INSERT INTO runs (repository, pipeline_id, pipeline_name, pipeline_file, event_kind, event_json, branch, sha, actor, owner, state, created_at, parent_run_id)
                VALUES (@repository, @pipeline_id, @pipeline_name, @pipeline_file, @event_kind, @event_json, @branch, @sha, @actor, @owner, @state, @created_at, @parent)
                RETURNING id
                """;
            var id = await ScalarInt64Async(c, tx, InsertRun, ct,
                ("repository", run.Repository), ("pipeline_id", run.PipelineId), ("pipeline_name", run.PipelineName),
                ("pipeline_file", run.PipelineFile), ("event_kind", run.EventKind), ("event_json", run.EventJson),
                ("branch", run.Branch), ("sha", run.Sha), ("actor", run.Actor), ("owner", run.Owner),
                ("state", PostgresRows.ToDb(RunState.Queued)), ("created_at", run.CreatedAt), ("parent", run.ParentRunId));
            if (jobs.Count == 0)
            {
                return id;
            }

            // One statement for all jobs; the ordinal is the position in the list (creation order).
            const string InsertJobs = """
                INSERT INTO jobs (run_id, job_key, ordinal, job_id, display_name, needs_json, matrix_json, state, attempts)
                SELECT @run, j.key, j.ordinal::integer - 1, j.job_id, j.display_name, j.needs, j.matrix, @state, 0
                FROM unnest(@keys::text[], @job_ids::text[], @names::text[], @needs::text[], @matrices::text[])
                    WITH ORDINALITY AS j (key, job_id, display_name, needs, matrix, ordinal)
                """;
            await ExecuteAsync(c, tx, InsertJobs, ct, ("run", id), ("state", PostgresRows.ToDb(JobState.Pending)),
                ("keys", Texts(jobs, j => j.Key)), ("job_ids", Texts(jobs, j => j.JobId)), ("names", Texts(jobs, j => j.DisplayName)),
                ("needs", Texts(jobs, j => j.NeedsJson)), ("matrices", Texts(jobs, j => j.MatrixJson)));
            return id;
        }, cancellationToken);
    }

    public IRunStore FencedTo(RunFence fence) => new PostgresRunStore(this, fence);

    public Task SetRunStateAsync(long runId, RunState state, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            // Running stamps the first start; a terminal state stamps the finish; neither is ever cleared.
            RunFence.CheckLease(fence, runId);
            const string Sql = "UPDATE runs SET state = @state, started_at = COALESCE(started_at, @started), finished_at = COALESCE(@finished, finished_at) WHERE id = @id AND "
                + PostgresRunFencing.OnRun;
            var changed = await ExecuteAsync(c, tx, Sql, ct, [("state", PostgresRows.ToDb(state)), ("id", runId),
                ("started", state == RunState.Running ? at : null),
                ("finished", state.IsTerminal() ? at : null), .. PostgresRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await PostgresRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownRun(runId), ct) : changed;
        }, cancellationToken);

    public Task SetRunSummaryAsync(long runId, string summary, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            RunFence.CheckLease(fence, runId);
            var changed = await ExecuteAsync(c, tx, "UPDATE runs SET summary = @summary WHERE id = @id AND " + PostgresRunFencing.OnRun, ct,
                [("summary", summary), ("id", runId), .. PostgresRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await PostgresRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownRun(runId), ct) : changed;
        }, cancellationToken);

    public Task SetJobStateAsync(long runId, string jobKey, JobState state, string? reason, int attempts, DateTimeOffset? startedAt, DateTimeOffset? finishedAt, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            RunFence.CheckLease(fence, runId);
            const string Sql = """
                UPDATE jobs SET state = @state, reason = @reason, attempts = @attempts,
                    started_at = COALESCE(@started, started_at), finished_at = COALESCE(@finished, finished_at)
                WHERE run_id = @run AND job_key = @key AND
                """ + " " + PostgresRunFencing.OnChild;
            var changed = await ExecuteAsync(c, tx, Sql, ct, [("state", PostgresRows.ToDb(state)), ("reason", reason), ("attempts", attempts),
                ("started", startedAt), ("finished", finishedAt), ("run", runId), ("key", jobKey), .. PostgresRunFencing.Parameters(fence)]);
            return changed == 0 ? throw await PostgresRunFencing.NotWrittenAsync(c, tx, fence, runId, UnknownJob(runId, jobKey), ct) : changed;
        }, cancellationToken);

    public Task SetJobOutputsAsync(long runId, string jobKey, IReadOnlyDictionary<string, string> outputs, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await PostgresRunFencing.GuardAsync(c, tx, fence, runId, ct);

            // Locking the job row serializes two replacements of the same job's outputs (delete + insert each).
            const string Lock = "SELECT COUNT(*) FROM (SELECT 1 FROM jobs WHERE run_id = @run AND job_key = @key FOR NO KEY UPDATE) AS job";
            if (await ScalarInt64Async(c, tx, Lock, ct, ("run", runId), ("key", jobKey)) == 0)
            {
                throw UnknownJob(runId, jobKey);
            }

            await ExecuteAsync(c, tx, "DELETE FROM job_outputs WHERE run_id = @run AND job_key = @key", ct, ("run", runId), ("key", jobKey));
            if (outputs.Count > 0)
            {
                const string Insert = "INSERT INTO job_outputs (run_id, job_key, name, value) SELECT @run, @key, o.name, o.value FROM unnest(@names::text[], @values::text[]) AS o (name, value)";
                var pairs = outputs.ToList();
                await ExecuteAsync(c, tx, Insert, ct, ("run", runId), ("key", jobKey), ("names", Texts(pairs, p => p.Key)), ("values", Texts(pairs, p => p.Value)));
            }

            return outputs.Count;
        }, cancellationToken);

    public Task UpsertStepAsync(StepRecord step, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await PostgresRunFencing.GuardAsync(c, tx, fence, step.RunId, ct);
            const string Sql = """
                INSERT INTO steps (run_id, job_key, attempt, step_index, name, state, exit_code, started_at, finished_at)
                VALUES (@run, @key, @attempt, @index, @name, @state, @exit, @started, @finished)
                ON CONFLICT (run_id, job_key, attempt, step_index) DO UPDATE SET
                    name = excluded.name, state = excluded.state, exit_code = excluded.exit_code,
                    started_at = excluded.started_at, finished_at = excluded.finished_at
                """;
            return await ExecuteAsync(c, tx, Sql, ct, ("run", step.RunId), ("key", step.JobKey), ("attempt", step.Attempt), ("index", step.Index),
                ("name", step.Name), ("state", PostgresRows.ToDb(step.State)), ("exit", step.ExitCode), ("started", step.StartedAt), ("finished", step.FinishedAt));
        }, cancellationToken);

    /// <summary>One transaction per write (as before batching): a failed statement aborts a PostgreSQL transaction.</summary>
    public Task WriteBatchAsync(IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken) =>
        RunStoreBatch.ApplyEachAsync(this, writes, onError, cancellationToken);

    public Task AppendLogsAsync(IReadOnlyList<LogLine> lines, CancellationToken cancellationToken)
    {
        if (lines.Count == 0)
        {
            return Task.CompletedTask;
        }

        // Key order (stable: of two lines with one key, the first given still wins, as in SQLite).
        var sorted = lines.OrderBy(l => l.RunId).ThenBy(l => l.JobKey, StringComparer.Ordinal).ThenBy(l => l.Sequence).ToList();
        return database.WriteAsync(async (c, tx, ct) =>
        {
            foreach (var runId in sorted.Select(l => l.RunId).Distinct())
            {
                await PostgresRunFencing.GuardAsync(c, tx, fence, runId, ct);
            }

            const string Sql = """
                INSERT INTO log_lines (run_id, job_key, sequence, attempt, step_index, logged_at, stream, text)
                SELECT * FROM unnest(@runs::bigint[], @keys::text[], @sequences::bigint[], @attempts::integer[], @steps::integer[],
                                     @times::timestamptz[], @streams::text[], @texts::text[])
                ON CONFLICT (run_id, job_key, sequence) DO NOTHING
                """;
            return await ExecuteAsync(c, tx, Sql, ct,
                ("runs", sorted.Select(l => l.RunId).ToArray()),
                ("keys", Texts(sorted, l => l.JobKey)),
                ("sequences", sorted.Select(l => l.Sequence).ToArray()),
                ("attempts", sorted.Select(l => l.Attempt).ToArray()),
                ("steps", sorted.Select(l => l.StepIndex).ToArray()),
                ("times", sorted.Select(l => PostgresRows.ToDb(l.Timestamp)).ToArray()),
                ("streams", Texts(sorted, l => l.Stream)),
                ("texts", Texts(sorted, l => l.Text)));
        }, cancellationToken);
    }

    public Task AddArtifactAsync(ArtifactRecord artifact, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await PostgresRunFencing.GuardAsync(c, tx, fence, artifact.RunId, ct);
            const string Sql = """
                INSERT INTO artifacts (run_id, job_key, path, sha256, size) VALUES (@run, @key, @path, @sha, @size)
                ON CONFLICT (run_id, job_key, path) DO UPDATE SET sha256 = excluded.sha256, size = excluded.size
                """;
            return await ExecuteAsync(c, tx, Sql, ct, ("run", artifact.RunId), ("key", artifact.JobKey), ("path", artifact.Path),
                ("sha", artifact.Sha256), ("size", artifact.Size));
        }, cancellationToken);

    public Task<RunRecord?> GetRunAsync(long runId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.GetRunAsync(c, runId, ct), cancellationToken);

    public Task<IReadOnlyList<RunRecord>> ListRunsAsync(RunQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.ListRunsAsync(c, query, ct), cancellationToken);

    public Task<IReadOnlyList<JobRecord>> GetJobsAsync(long runId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.GetJobsAsync(c, runId, ct), cancellationToken);

    public Task<IReadOnlyList<StepRecord>> GetStepsAsync(long runId, string? jobKey, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.GetStepsAsync(c, runId, jobKey, ct), cancellationToken);

    public Task<IReadOnlyList<LogLine>> GetLogsAsync(long runId, string? jobKey, long afterSequence, int limit, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.GetLogsAsync(c, runId, jobKey, afterSequence, limit, ct), cancellationToken);

    public Task<IReadOnlyList<ArtifactRecord>> GetArtifactsAsync(long runId, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => PostgresRunReads.GetArtifactsAsync(c, runId, ct), cancellationToken);

    public async Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Ask about each owner outside the write transaction: the liveness check reads /proc and may be slow.
        var active = await database.ReadAsync(PostgresRunMaintenance.GetActiveRunsAsync, cancellationToken);
        var verdicts = new Dictionary<string, bool>(StringComparer.Ordinal);
        var dead = active.Where(r => !(verdicts.TryGetValue(r.Owner, out var alive) ? alive : verdicts[r.Owner] = isOwnerAlive(r.Owner))).Select(r => r.Id).ToList();
        if (dead.Count == 0)
        {
            return [];
        }

        return await database.WriteAsync<IReadOnlyList<long>>(async (c, tx, ct) =>
        {
            var interrupted = new List<long>();
            foreach (var id in dead)
            {
                if (await PostgresRunMaintenance.InterruptAsync(c, tx, id, at, ct))
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
        return database.WriteAsync((c, tx, ct) => PostgresRunMaintenance.PruneAsync(c, tx, olderThan, keepLast, ct), cancellationToken);
    }

    public ValueTask DisposeAsync() => ownsDatabase ? database.DisposeAsync() : ValueTask.CompletedTask;

    private static string[] Texts<T>(IReadOnlyList<T> items, Func<T, string> field) => [.. items.Select(i => PostgresRows.ToDb(field(i)))];

    private static KeyNotFoundException UnknownRun(long runId) => new($"run {runId} does not exist");

    private static KeyNotFoundException UnknownJob(long runId, string jobKey) => new($"job `{jobKey}` of run {runId} does not exist");
}
