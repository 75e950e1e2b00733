namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 6: a re-queued ticket keeps its place in the job queue. <c>dispatch_jobs.queued_at</c> stays the time the
/// job first became ready (claims take the oldest first), and the new <c>requeued_at</c> is the time the sweeper last put
/// it back after a lost lease (null: never), from which its pickup limit counts again.
/// </summary>
internal static partial class SqliteMigrations
{
    private const string RequeueSql = """
        ALTER TABLE dispatch_jobs ADD COLUMN requeued_at BIGINT;
        """;
}
