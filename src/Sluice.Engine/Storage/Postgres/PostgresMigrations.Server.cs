namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Migration 2, the twin of <see cref="SqliteMigrations"/>' server tables (<c>sluice serve</c> on PostgreSQL, several
/// servers sharing one database): the same names, keys and indexes; identity ids and <c>timestamptz(3)</c> times. It
/// was added after migration 3 shipped; the migrator applies every missing version in order, so a database created
/// with 1 and 3 gets 2 on its next migration.
/// </summary>
internal static partial class PostgresMigrations
{
    private const string ServerSql = """
        CREATE TABLE inbox (
            id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            delivery_id  TEXT    NOT NULL UNIQUE,
            event        TEXT    NOT NULL,
            repository   TEXT    NOT NULL,
            body         TEXT    NOT NULL,
            received_at  TIMESTAMPTZ(3)  NOT NULL,
            state        TEXT    NOT NULL,
            attempts     INTEGER NOT NULL,
            outcome      TEXT,
            processed_at TIMESTAMPTZ(3)
        );
        CREATE INDEX ix_inbox_state ON inbox (state, id);

        CREATE TABLE run_queue (
            id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            repository         TEXT    NOT NULL,
            pipeline_id        TEXT    NOT NULL,
            kind               TEXT    NOT NULL,
            event_json         TEXT    NOT NULL,
            payload            TEXT,
            dedupe_key         TEXT,
            concurrency_group  TEXT,
            cancel_in_progress INTEGER NOT NULL,
            pull_request       INTEGER,
            sha                TEXT,
            state              TEXT    NOT NULL,
            run_id             BIGINT,
            previous_run_id    BIGINT,
            owner              TEXT,
            cancel_requested   INTEGER NOT NULL,
            reason             TEXT,
            delivery_id        TEXT,
            requested_by       TEXT,
            created_at         TIMESTAMPTZ(3)  NOT NULL,
            started_at         TIMESTAMPTZ(3),
            finished_at        TIMESTAMPTZ(3)
        );
        CREATE UNIQUE INDEX ux_run_queue_dedupe ON run_queue (repository, dedupe_key);
        CREATE INDEX ix_run_queue_state ON run_queue (state, id);
        CREATE INDEX ix_run_queue_group ON run_queue (concurrency_group, state, id);
        CREATE INDEX ix_run_queue_pr ON run_queue (repository, pull_request, id);
        CREATE INDEX ix_run_queue_run ON run_queue (run_id);

        CREATE TABLE pr_comments (
            queue_id   BIGINT  NOT NULL,
            part       INTEGER NOT NULL,
            comment_id BIGINT  NOT NULL,
            PRIMARY KEY (queue_id, part)
        );

        CREATE TABLE schedule_state (
            repository  TEXT   NOT NULL,
            pipeline_id TEXT   NOT NULL,
            last_fire   TIMESTAMPTZ(3) NOT NULL,
            PRIMARY KEY (repository, pipeline_id)
        );

        CREATE TABLE schedule_fires (
            repository  TEXT   NOT NULL,
            pipeline_id TEXT   NOT NULL,
            fire_at     TIMESTAMPTZ(3) NOT NULL,
            queue_id    BIGINT,
            PRIMARY KEY (repository, pipeline_id, fire_at)
        );

        CREATE TABLE api_tokens (
            name         TEXT   PRIMARY KEY,
            token_sha256 TEXT   NOT NULL UNIQUE,
            created_at   TIMESTAMPTZ(3) NOT NULL,
            last_used_at TIMESTAMPTZ(3)
        );
        """;
}
