using Microsoft.Data.Sqlite;
using static Sluice.Engine.Storage.SqliteCommands;

namespace Sluice.Engine.Storage;

/// <summary>
/// The checks behind <see cref="SqliteRunStore.FencedTo"/>. They run inside the write's own transaction, which SQLite
/// begins IMMEDIATE (one writer at a time across processes), so no takeover can come between check and write.
/// </summary>
internal static class SqliteRunFencing
{
    /// <summary>A condition for <c>UPDATE runs ... WHERE id = ...</c>: true when unfenced, or when the row is still the writer's.</summary>
    public const string OnRun = "($fence_owner IS NULL OR (owner = $fence_owner AND epoch = $fence_epoch))";

    /// <summary>A condition for a statement on a run's child rows, with the run id in <c>$run</c>.</summary>
    public const string OnChild = "($fence_owner IS NULL OR EXISTS (SELECT 1 FROM runs f WHERE f.id = $run AND f.owner = $fence_owner AND f.epoch = $fence_epoch))";

    public static (string, object?)[] Parameters(RunFence? fence) => [("$fence_owner", fence?.Owner), ("$fence_epoch", fence?.Epoch ?? 0)];

    /// <summary>Checks the lease and that the run is still the writer's; for writes whose statements cannot carry <see cref="OnChild"/>.</summary>
    public static async Task GuardAsync(SqliteConnection c, SqliteTransaction tx, RunFence? fence, long runId, CancellationToken ct)
    {
        RunFence.CheckLease(fence, runId);
        if (fence is not null
            && await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM runs WHERE id = $run AND " + OnRun, ct, [("$run", runId), .. Parameters(fence)]) == 0)
        {
            throw await NotWrittenAsync(c, tx, fence, runId, new KeyNotFoundException($"run {runId} does not exist"), ct);
        }
    }

    /// <summary>Why a fenced statement changed nothing: the run was taken over, else <paramref name="missing"/> (an unknown run or job).</summary>
    public static async Task<Exception> NotWrittenAsync(SqliteConnection c, SqliteTransaction tx, RunFence? fence, long runId, Exception missing, CancellationToken ct) =>
        fence is not null && await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM runs WHERE id = $run AND NOT " + OnRun, ct, [("$run", runId), .. Parameters(fence)]) > 0
            ? RunOwnershipLostException.For(runId, fence)
            : missing;
}
