namespace Sluice.Engine.Storage.Postgres;

/// <summary>Migration 6, the twin of <see cref="SqliteMigrations"/>' re-queue order (<c>dispatch_jobs.requeued_at</c>).</summary>
internal static partial class PostgresMigrations
{
    private const string RequeueSql = """
        ALTER TABLE dispatch_jobs ADD COLUMN requeued_at TIMESTAMPTZ(3);
        """;
}
