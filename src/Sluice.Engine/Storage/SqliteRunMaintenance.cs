using Microsoft.Data.Sqlite;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Storage;

/// <summary>Interruption detection and retention for <see cref="SqliteRunStore"/>; each runs inside the caller's write transaction.</summary>
internal static class SqliteRunMaintenance
{
    public const string InterruptedReason = "interrupted";

    private static readonly string ActiveRuns = SqliteRows.InList(RunStates.ActiveRuns);
    private static readonly string ActiveJobs = SqliteRows.InList(RunStates.ActiveJobs);
    private static readonly string TerminalRuns = SqliteRows.InList(RunStates.TerminalRuns);

    /// <summary>Owners of the runs that are still queued or running, as (id, owner).</summary>
    public static async Task<IReadOnlyList<(long Id, string Owner)>> GetActiveRunsAsync(SqliteConnection c, CancellationToken ct)
    {
        await using var command = Create(c, null, $"SELECT id, owner FROM runs WHERE state IN {ActiveRuns} ORDER BY id");
        return await ReadAllAsync(command, r => (r.GetInt64(0), r.GetString(1)), ct);
    }

    /// <summary>Interrupts one run unless it reached a terminal state meanwhile, bumping its epoch (its old owner is fenced off); true when it did.</summary>
    public static async Task<bool> InterruptAsync(SqliteConnection c, SqliteTransaction tx, long runId, DateTimeOffset at, CancellationToken ct)
    {
        var when = SqliteRows.ToDb(at);
        var changed = await ExecuteAsync(c, tx, $"UPDATE runs SET state = $state, finished_at = $at, epoch = epoch + 1 WHERE id = $id AND state IN {ActiveRuns}", ct,
            ("$state", SqliteRows.ToDb(RunState.Interrupted)), ("$at", when), ("$id", runId));
        if (changed == 0)
        {
            return false;
        }

        await ExecuteAsync(c, tx, $"UPDATE jobs SET state = $state, reason = $reason, finished_at = $at WHERE run_id = $id AND state IN {ActiveJobs}", ct,
            ("$state", SqliteRows.ToDb(JobState.Cancelled)), ("$reason", InterruptedReason), ("$at", when), ("$id", runId));

        // A step that was running when its process died would otherwise read "running" forever.
        await ExecuteAsync(c, tx, "UPDATE steps SET state = $state, finished_at = $at WHERE run_id = $id AND state = $running", ct,
            ("$state", SqliteRows.ToDb(StepState.Cancelled)), ("$at", when), ("$id", runId), ("$running", SqliteRows.ToDb(StepState.Running)));
        return true;
    }

    public static async Task<PruneResult> PruneAsync(SqliteConnection c, SqliteTransaction tx, DateTimeOffset olderThan, int keepLast, CancellationToken ct)
    {
        // The same predicate for counting, collecting blob candidates and deleting; one transaction keeps them consistent.
        var doomed = $"""
            SELECT id FROM runs
            WHERE state IN {TerminalRuns} AND created_at < $older
              AND id NOT IN (SELECT id FROM runs ORDER BY created_at DESC, id DESC LIMIT $keep)
            """;
        (string, object?)[] p = [("$older", SqliteRows.ToDb(olderThan)), ("$keep", keepLast)];

        List<string> candidates;
        await using (var command = Create(c, tx, $"SELECT DISTINCT sha256 FROM artifacts WHERE run_id IN ({doomed}) ORDER BY sha256", p))
        {
            candidates = await ReadAllAsync(command, r => r.GetString(0), ct);
        }

        var logLines = await ScalarInt64Async(c, tx, $"SELECT COUNT(*) FROM log_lines WHERE run_id IN ({doomed})", ct, p);
        var runs = await ExecuteAsync(c, tx, $"DELETE FROM runs WHERE id IN ({doomed})", ct, p);

        var unreferenced = new List<string>();
        foreach (var hash in candidates)
        {
            if (await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM artifacts WHERE sha256 = $hash", ct, ("$hash", hash)) == 0)
            {
                unreferenced.Add(hash);
            }
        }

        return new PruneResult(runs, checked((int)logLines), unreferenced);
    }
}
