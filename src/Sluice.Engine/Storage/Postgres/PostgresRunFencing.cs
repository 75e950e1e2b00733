using Npgsql;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// The checks behind <see cref="PostgresRunStore.FencedTo"/>, the twin of <see cref="SqliteRunFencing"/>. PostgreSQL
/// writers do not queue behind one lock, so the check locks the run's row (<c>FOR SHARE</c>) until the write commits:
/// a takeover's <c>UPDATE runs</c> waits for it, or it waits for the takeover and then re-reads the row (READ
/// COMMITTED re-checks a locked row's condition on its newest version) and finds the epoch moved on.
/// </summary>
internal static class PostgresRunFencing
{
    /// <summary>A condition for <c>UPDATE runs ... WHERE id = ...</c>: true when unfenced, or when the row is still the writer's.</summary>
    public const string OnRun = "(@fence_owner::text IS NULL OR (owner = @fence_owner::text AND epoch = @fence_epoch))";

    /// <summary>A condition for a statement on a run's child rows, with the run id in <c>@run</c>; locks the run's row.</summary>
    public const string OnChild =
        "(@fence_owner::text IS NULL OR EXISTS (SELECT 1 FROM runs f WHERE f.id = @run AND f.owner = @fence_owner::text AND f.epoch = @fence_epoch FOR SHARE))";

    public static (string, object?)[] Parameters(RunFence? fence) => [("fence_owner", fence?.Owner), ("fence_epoch", fence?.Epoch ?? 0L)];

    /// <summary>Checks the lease and that the run is still the writer's (locking its row until commit); for writes whose statements cannot carry <see cref="OnChild"/>.</summary>
    public static async Task GuardAsync(NpgsqlConnection c, NpgsqlTransaction tx, RunFence? fence, long runId, CancellationToken ct)
    {
        RunFence.CheckLease(fence, runId);
        if (fence is not null
            && await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM (SELECT 1 FROM runs WHERE id = @run AND " + OnRun + " FOR SHARE) AS owned", ct,
                [("run", runId), .. Parameters(fence)]) == 0)
        {
            throw await NotWrittenAsync(c, tx, fence, runId, new KeyNotFoundException($"run {runId} does not exist"), ct);
        }
    }

    /// <summary>Why a fenced statement changed nothing: the run was taken over, else <paramref name="missing"/> (an unknown run or job).</summary>
    public static async Task<Exception> NotWrittenAsync(NpgsqlConnection c, NpgsqlTransaction tx, RunFence? fence, long runId, Exception missing, CancellationToken ct) =>
        fence is not null && await ScalarInt64Async(c, tx, "SELECT COUNT(*) FROM runs WHERE id = @run AND NOT " + OnRun, ct, [("run", runId), .. Parameters(fence)]) > 0
            ? RunOwnershipLostException.For(runId, fence)
            : missing;
}
