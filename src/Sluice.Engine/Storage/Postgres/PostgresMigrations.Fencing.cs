namespace Sluice.Engine.Storage.Postgres;

/// <summary>Migration 6, the twin of <see cref="SqliteMigrations"/>' fencing token (<c>runs.epoch</c>).</summary>
internal static partial class PostgresMigrations
{
    private const string FencingSql = """
        ALTER TABLE runs ADD COLUMN epoch BIGINT NOT NULL DEFAULT 0;
        """;
}
