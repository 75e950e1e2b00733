namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 6: <c>runs.epoch</c>, the fencing token of a run's history. A takeover of a dead (or silent) owner's run
/// bumps it; the owner's writes carry the epoch they created the run with (<see cref="RunFence"/>), so a stalled
/// server that wakes up after another took its run over can no longer write to it.
/// </summary>
internal static partial class SqliteMigrations
{
    private const string FencingSql = """
        ALTER TABLE runs ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
        """;
}
