using Npgsql;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Interruption detection and retention for <see cref="PostgresRunStore"/>; the writes run inside the caller's
/// transaction. Same rules as <see cref="SqliteRunMaintenance"/>; the locking is explicit here because PostgreSQL
/// writers do not queue behind one file lock.
/// </summary>
internal static class PostgresRunMaintenance
{
    private static readonly string ActiveRuns = PostgresRows.InList(RunStates.ActiveRuns);
    private static readonly string ActiveJobs = PostgresRows.InList(RunStates.ActiveJobs);
    private static readonly string TerminalRuns = PostgresRows.InList(RunStates.TerminalRuns);

    /// <summary>Owners of the runs that are still queued or running, as (id, owner).</summary>
    public static async Task<IReadOnlyList<(long Id, string Owner)>> GetActiveRunsAsync(NpgsqlConnection c, CancellationToken ct)
    {
        await using var command = Create(c, null, $"SELECT id, owner FROM runs WHERE state IN {ActiveRuns} ORDER BY id");
        return await ReadAllAsync(command, r => (r.GetInt64(0), r.GetString(1)), ct);
    }

    /// <summary>
    /// Interrupts one run unless it reached a terminal state meanwhile, bumping its epoch (its old owner is fenced
    /// off); true when it did. The guarded UPDATE locks
    /// the run row and re-reads its state, so a run another server finishes at the same moment is left alone.
    /// </summary>
    public static async Task<bool> InterruptAsync(NpgsqlConnection c, NpgsqlTransaction tx, long runId, DateTimeOffset at, CancellationToken ct)
    {
        var changed = await ExecuteAsync(c, tx, $"UPDATE runs SET state = @state, finished_at = @at, epoch = epoch + 1 WHERE id = @id AND state IN {ActiveRuns}", ct,
            ("state", PostgresRows.ToDb(RunState.Interrupted)), ("at", at), ("id", runId));
        if (changed == 0)
        {
            return false;
        }

        await ExecuteAsync(c, tx, $"UPDATE jobs SET state = @state, reason = @reason, finished_at = @at WHERE run_id = @id AND state IN {ActiveJobs}", ct,
            ("state", PostgresRows.ToDb(JobState.Cancelled)), ("reason", SqliteRunMaintenance.InterruptedReason), ("at", at), ("id", runId));

        // A step that was running when its process died would otherwise read "running" forever.
        await ExecuteAsync(c, tx, "UPDATE steps SET state = @state, finished_at = @at WHERE run_id = @id AND state = @running", ct,
            ("state", PostgresRows.ToDb(StepState.Cancelled)), ("at", at), ("id", runId), ("running", PostgresRows.ToDb(StepState.Running)));
        return true;
    }

    public static async Task<PruneResult> PruneAsync(NpgsqlConnection c, NpgsqlTransaction tx, DateTimeOffset olderThan, int keepLast, CancellationToken ct)
    {
        // Hold off artifact writers (and other prunes) until this commits: otherwise an artifact added meanwhile
        // could reference a blob this call reports as unreferenced, and the caller would delete a blob in use.
        await ExecuteAsync(c, tx, "LOCK TABLE artifacts IN SHARE ROW EXCLUSIVE MODE", ct);

        // Pick and lock the doomed runs once; counting, blob candidates and deleting then agree on the same ids.
        var doomedSql = $"""
            SELECT id FROM runs
            WHERE state IN {TerminalRuns} AND created_at < @older
              AND id NOT IN (SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT @keep)
            ORDER BY id
            FOR UPDATE
            """;
        long[] doomed;
        await using (var command = Create(c, tx, doomedSql, ("older", olderThan), ("keep", keepLast)))
        {
            doomed = [.. await ReadAllAsync(command, r => r.GetInt64(0), ct)];
        }

        if (doomed.Length == 0)
        {
            return new PruneResult(0, 0, []);
        }

        List<string> candidates;
        await using (var command = Create(c, tx, "SELECT DISTINCT sha256 FROM artifacts WHERE run_id = ANY(@ids)", ("ids", doomed)))
        {
            candidates = await ReadAllAsync(command, r => r.GetString(0), ct);
        }

        var logLines = await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM log_lines WHERE run_id = ANY(@ids)", ct, ("ids", doomed));
        var runs = await ExecuteAsync(c, tx, "DELETE FROM runs WHERE id = ANY(@ids)", ct, ("ids", doomed));

        List<string> unreferenced;
        const string Unreferenced = """
            SELECT h FROM unnest(@hashes::text[]) AS h
            WHERE NOT EXISTS (SELECT 1 FROM artifacts a WHERE a.sha256 = h)
            ORDER BY h COLLATE "C"
            """;
        await using (var command = Create(c, tx, Unreferenced, ("hashes", candidates.ToArray())))
        {
            unreferenced = await ReadAllAsync(command, r => r.GetString(0), ct);
        }

        return new PruneResult(runs, checked((int)logLines), unreferenced);
    }
}
