namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 4: the durable job queue (Sluice.Engine/Dispatch owns the code that reads and writes it).
/// <c>dispatch_jobs</c> holds one ticket per (<c>run_key</c>, <c>job_key</c>): a job waiting for a worker, leased to one,
/// or ended. <c>labels</c> is the job's <c>runs-on</c>, sorted and comma-joined (empty for none); <c>token</c> is the
/// fencing token, bumped by every claim; durations are milliseconds (0 = no limit). No foreign key to <c>jobs</c>: the
/// queue writes the history job row in the same transaction when it exists, and a ticket outlives a pruned run.
/// </summary>
internal static partial class SqliteMigrations
{
    private const string JobsSql = """
        CREATE TABLE dispatch_jobs (
            id               INTEGER PRIMARY KEY AUTOINCREMENT,
            run_key          TEXT    NOT NULL,
            run_id           BIGINT  NOT NULL,
            job_key          TEXT    NOT NULL,
            labels           TEXT    NOT NULL,
            payload          TEXT    NOT NULL,
            state            TEXT    NOT NULL,
            attempt          INTEGER NOT NULL,
            token            BIGINT  NOT NULL,
            worker           TEXT,
            retry_budget     INTEGER NOT NULL,
            timeout_ms       BIGINT  NOT NULL,
            pickup_limit_ms  BIGINT  NOT NULL,
            queued_at        BIGINT  NOT NULL,
            started_at       BIGINT,
            lease_expires_at BIGINT,
            finished_at      BIGINT,
            cancel_requested INTEGER NOT NULL,
            result_json      TEXT,
            reason           TEXT,
            UNIQUE (run_key, job_key)
        );
        CREATE INDEX ix_dispatch_jobs_claim ON dispatch_jobs (state, queued_at, id);
        CREATE INDEX ix_dispatch_jobs_labels ON dispatch_jobs (state, labels);
        CREATE INDEX ix_dispatch_jobs_lease ON dispatch_jobs (state, lease_expires_at);
        CREATE INDEX ix_dispatch_jobs_run ON dispatch_jobs (run_id, job_key);
        """;
}
