namespace Sluice.Engine.Storage.Postgres;

/// <summary>Migration 8, the twin of <see cref="SqliteMigrations"/>' partial queue indexes (only open tickets indexed by state).</summary>
internal static partial class PostgresMigrations
{
    private const string QueueIndexesSql = """
        DROP INDEX ix_dispatch_jobs_claim;
        DROP INDEX ix_dispatch_jobs_labels;
        DROP INDEX ix_dispatch_jobs_lease;
        CREATE INDEX ix_dispatch_jobs_queued ON dispatch_jobs (queued_at, id) WHERE state = 'Queued';
        CREATE INDEX ix_dispatch_jobs_queued_labels ON dispatch_jobs (labels) WHERE state = 'Queued';
        CREATE INDEX ix_dispatch_jobs_leased ON dispatch_jobs (lease_expires_at) WHERE state = 'Leased';
        """;
}
