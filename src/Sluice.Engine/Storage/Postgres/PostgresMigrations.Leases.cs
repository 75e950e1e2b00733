namespace Sluice.Engine.Storage.Postgres;

/// <summary>Migration 5, the twin of <see cref="SqliteMigrations"/>' server leases (<c>servers</c>, <c>inbox.owner</c>).</summary>
internal static partial class PostgresMigrations
{
    private const string LeasesSql = """
        CREATE TABLE servers (
            owner        TEXT           PRIMARY KEY,
            base_url     TEXT,
            started_at   TIMESTAMPTZ(3) NOT NULL,
            heartbeat_at TIMESTAMPTZ(3) NOT NULL
        );

        ALTER TABLE inbox ADD COLUMN owner TEXT;
        """;
}
