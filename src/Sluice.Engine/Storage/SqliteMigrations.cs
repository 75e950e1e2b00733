namespace Sluice.Engine.Storage;

/// <summary>
/// The numbered schema migrations of <see cref="SqliteRunStore"/>, oldest first. Append only: a migration
/// that shipped is never edited, a change is a new number. The SQL sticks to types and statements that a
/// PostgreSQL twin can mirror one to one (TEXT, BIGINT, INTEGER, composite keys, ON CONFLICT); the only
/// SQLite-specific parts are physical (<c>AUTOINCREMENT</c> is PostgreSQL's identity column, <c>WITHOUT ROWID</c>
/// clusters log lines by their key).
/// Times are BIGINT milliseconds since the Unix epoch, UTC; states are the enum member names.
/// </summary>
internal static partial class SqliteMigrations
{
    public static IReadOnlyList<SqliteMigration> All { get; } =
    [
        new(1, "initial", """
            CREATE TABLE runs (
                id            INTEGER PRIMARY KEY AUTOINCREMENT,
                repository    TEXT    NOT NULL,
                pipeline_id   TEXT    NOT NULL,
                pipeline_name TEXT    NOT NULL,
                pipeline_file TEXT    NOT NULL,
                event_kind    TEXT    NOT NULL,
                event_json    TEXT    NOT NULL,
                branch        TEXT,
                sha           TEXT,
                actor         TEXT,
                owner         TEXT    NOT NULL,
                state         TEXT    NOT NULL,
                created_at    BIGINT  NOT NULL,
                started_at    BIGINT,
                finished_at   BIGINT,
                parent_run_id BIGINT  REFERENCES runs (id) ON DELETE SET NULL,
                summary       TEXT
            );
            CREATE INDEX ix_runs_created ON runs (created_at DESC, id DESC);
            CREATE INDEX ix_runs_pipeline ON runs (pipeline_id, created_at DESC, id DESC);
            CREATE INDEX ix_runs_state ON runs (state);
            CREATE INDEX ix_runs_parent ON runs (parent_run_id);

            CREATE TABLE jobs (
                run_id       BIGINT  NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
                job_key      TEXT    NOT NULL,
                ordinal      INTEGER NOT NULL,
                job_id       TEXT    NOT NULL,
                display_name TEXT    NOT NULL,
                needs_json   TEXT    NOT NULL,
                matrix_json  TEXT    NOT NULL,
                state        TEXT    NOT NULL,
                reason       TEXT,
                attempts     INTEGER NOT NULL,
                started_at   BIGINT,
                finished_at  BIGINT,
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
                run_id      BIGINT  NOT NULL,
                job_key     TEXT    NOT NULL,
                attempt     INTEGER NOT NULL,
                step_index  INTEGER NOT NULL,
                name        TEXT    NOT NULL,
                state       TEXT    NOT NULL,
                exit_code   INTEGER,
                started_at  BIGINT  NOT NULL,
                finished_at BIGINT,
                PRIMARY KEY (run_id, job_key, attempt, step_index),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            );

            CREATE TABLE log_lines (
                run_id     BIGINT  NOT NULL,
                job_key    TEXT    NOT NULL,
                sequence   BIGINT  NOT NULL,
                attempt    INTEGER NOT NULL,
                step_index INTEGER NOT NULL,
                logged_at  BIGINT  NOT NULL,
                stream     TEXT    NOT NULL,
                text       TEXT    NOT NULL,
                PRIMARY KEY (run_id, job_key, sequence),
                FOREIGN KEY (run_id, job_key) REFERENCES jobs (run_id, job_key) ON DELETE CASCADE
            ) WITHOUT ROWID;

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
