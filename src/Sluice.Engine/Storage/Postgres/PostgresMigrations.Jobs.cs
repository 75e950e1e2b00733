namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Migration 4, the twin of <see cref="SqliteMigrations"/>' job queue (same names, keys and indexes; identity id,
/// <c>timestamptz(3)</c> times and a boolean flag). Read and written by Sluice.Engine/Dispatch.
/// </summary>
internal static partial class PostgresMigrations
{
    private const string JobsSql = """
        CREATE TABLE dispatch_jobs (
            id               BIGINT         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            run_key          TEXT           NOT NULL,
            run_id           BIGINT         NOT NULL,
            job_key          TEXT           NOT NULL,
            labels           TEXT           NOT NULL,
            payload          TEXT           NOT NULL,
            state            TEXT           NOT NULL,
            attempt          INTEGER        NOT NULL,
            token            BIGINT         NOT NULL,
            worker           TEXT,
            retry_budget     INTEGER        NOT NULL,
            timeout_ms       BIGINT         NOT NULL,
            pickup_limit_ms  BIGINT         NOT NULL,
            queued_at        TIMESTAMPTZ(3) NOT NULL,
            started_at       TIMESTAMPTZ(3),
            lease_expires_at TIMESTAMPTZ(3),
            finished_at      TIMESTAMPTZ(3),
            cancel_requested BOOLEAN        NOT NULL,
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
