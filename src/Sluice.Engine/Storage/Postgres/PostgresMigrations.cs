namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// The numbered schema migrations of <see cref="PostgresRunStore"/>, oldest first. Append only: a migration that
/// shipped is never edited, a change is a new number. Table for table the twin of <see cref="SqliteMigrations"/>
/// (same names, keys, cascades and indexes), so both stores answer the contract the same way. The differences are
/// types only: an identity column for <c>runs.id</c> (never reused, like AUTOINCREMENT) and <c>timestamptz(3)</c>
/// for times instead of Unix milliseconds. States are the enum member names.
/// </summary>
internal static partial class PostgresMigrations
{
    public static IReadOnlyList<PostgresMigration> All { get; } =
    [
        new(1, "initial", """
            CREATE TABLE runs (
                id            BIGINT         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                repository    TEXT           NOT NULL,
                pipeline_id   TEXT           NOT NULL,
                pipeline_name TEXT           NOT NULL,
                pipeline_file TEXT           NOT NULL,
                event_kind    TEXT           NOT NULL,
                event_json    TEXT           NOT NULL,
                branch        TEXT,
                sha           TEXT,
                actor         TEXT,
                owner         TEXT           NOT NULL,
                state         TEXT           NOT NULL,
                created_at    TIMESTAMPTZ(3) NOT NULL,
                started_at    TIMESTAMPTZ(3),
                finished_at   TIMESTAMPTZ(3),
                parent_run_id BIGINT         REFERENCES runs (id) ON DELETE SET NULL,
                summary       TEXT
            );
            CREATE INDEX ix_runs_created ON runs (created_at DESC, id DESC);
            CREATE INDEX ix_runs_pipeline ON runs (pipeline_id, created_at DESC, id DESC);
            CREATE INDEX ix_runs_state ON runs (state);
            CREATE INDEX ix_runs_parent ON runs (parent_run_id);

            CREATE TABLE jobs (
                run_id       BIGINT         NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                job_key      TEXT           NOT NULL,
                ordinal      INTEGER        NOT NULL,
                job_id       TEXT           NOT NULL,
                display_name TEXT           NOT NULL,
                needs_json   TEXT           NOT NULL,
                matrix_json  TEXT           NOT NULL,
                state        TEXT           NOT NULL,
                reason       TEXT,
                attempts     INTEGER        NOT NULL,
                started_at   TIMESTAMPTZ(3),
                finished_at  TIMESTAMPTZ(3),
                PRIMARY KEY (run_id, job_key)
            );

            CREATE TABLE job_outputs (
                run_id  BIGINT NOT NULL,
                job_key TEXT   NOT NULL,
                name    TEXT   NOT NULL,
                value   TEXT   NOT NULL,
                PRIMARY KEY (run_id, job_key, name),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            );

            CREATE TABLE steps (
                run_id      BIGINT         NOT NULL,
                job_key     TEXT           NOT NULL,
                attempt     INTEGER        NOT NULL,
                step_index  INTEGER        NOT NULL,
                name        TEXT           NOT NULL,
                state       TEXT           NOT NULL,
                exit_code   INTEGER,
                started_at  TIMESTAMPTZ(3) NOT NULL,
                finished_at TIMESTAMPTZ(3),
                PRIMARY KEY (run_id, job_key, attempt, step_index),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            );

            CREATE TABLE log_lines (
                run_id     BIGINT         NOT NULL,
                job_key    TEXT           NOT NULL,
                sequence   BIGINT         NOT NULL,
                attempt    INTEGER        NOT NULL,
                step_index INTEGER        NOT NULL,
                logged_at  TIMESTAMPTZ(3) NOT NULL,
                stream     TEXT           NOT NULL,
                text       TEXT           NOT NULL,
                PRIMARY KEY (run_id, job_key, sequence),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            );

            CREATE TABLE artifacts (
                run_id  BIGINT NOT NULL,
                job_key TEXT   NOT NULL,
                path    TEXT   NOT NULL,
                sha256  TEXT   NOT NULL,
                size    BIGINT NOT NULL,
                PRIMARY KEY (run_id, job_key, path),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            );
            CREATE INDEX ix_artifacts_sha256 ON artifacts (sha256);
            """),

        new(2, "server", ServerSql),
        new(3, "deployments", DeploymentsSql),
        new(4, "jobs", JobsSql),
        new(5, "leases", LeasesSql),
        new(6, "fencing", FencingSql),
        new(7, "requeue order", RequeueSql),
        new(8, "queue indexes", QueueIndexesSql),
    ];
}
