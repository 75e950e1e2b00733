namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 8: the job queue's state indexes hold only the tickets in that state. A claim, a lease sweep and the label
/// sets look only at queued or leased tickets, yet the full indexes held every ended ticket too and every state change
/// moved an entry in all three: now a claim removes two entries and adds one, an end removes one, and the indexes stay
/// as small as the open work (bench dispatch: a third fewer pages written per job).
/// </summary>
internal static partial class SqliteMigrations
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
