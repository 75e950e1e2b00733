namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 5: liveness of <c>sluice serve</c> instances by heartbeat lease, for several servers on one database
/// (4 is the job queue's). <list type="bullet">
/// <item><c>servers</c>: one row per server instance (its owner string), with the time of its last heartbeat; an
/// owner whose heartbeat is older than the timeout is dead and its work is taken over.</item>
/// <item><c>inbox.owner</c>: the server processing a pending delivery (null: nobody yet), so each delivery is
/// processed by one server at a time.</item>
/// </list>
/// </summary>
internal static partial class SqliteMigrations
{
    private const string LeasesSql = """
        CREATE TABLE servers (
            owner        TEXT   PRIMARY KEY,
            base_url     TEXT,
            started_at   BIGINT NOT NULL,
            heartbeat_at BIGINT NOT NULL
        );

        ALTER TABLE inbox ADD COLUMN owner TEXT;
        """;
}
