namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 2: the tables of <c>sluice serve</c> (Sluice.Server owns the code that reads and writes them).
/// <list type="bullet">
/// <item><c>inbox</c>: every accepted webhook delivery, raw, written before the 202; unique by GitHub's delivery id.</item>
/// <item><c>run_queue</c>: runs waiting, running or done; <c>dedupe_key</c> makes a redelivered or doubled event
/// (a tag's <c>push</c> and <c>create</c>) enqueue once; <c>concurrency_group</c> serializes or supersedes runs.</item>
/// <item><c>pr_comments</c>: the comment(s) of each queued run on its pull request, edited in place.</item>
/// <item><c>schedule_state</c>/<c>schedule_fires</c>: the last fire time handled per pipeline and every fire enqueued
/// (the primary key makes a fire time enqueue once across restarts).</item>
/// <item><c>api_tokens</c>: SHA-256 of API tokens, never the tokens.</item>
/// </list>
/// </summary>
internal static partial class SqliteMigrations
{
    private const string ServerSql = """
        CREATE TABLE inbox (
            id           INTEGER PRIMARY KEY AUTOINCREMENT,
            delivery_id  TEXT    NOT NULL UNIQUE,
            event        TEXT    NOT NULL,
            repository   TEXT    NOT NULL,
            body         TEXT    NOT NULL,
            received_at  BIGINT  NOT NULL,
            state        TEXT    NOT NULL,
            attempts     INTEGER NOT NULL,
            outcome      TEXT,
            processed_at BIGINT
        );
        CREATE INDEX ix_inbox_state ON inbox (state, id);

        CREATE TABLE run_queue (
            id                 INTEGER PRIMARY KEY AUTOINCREMENT,
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
            created_at         BIGINT  NOT NULL,
            started_at         BIGINT,
            finished_at        BIGINT
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
            last_fire   BIGINT NOT NULL,
            PRIMARY KEY (repository, pipeline_id)
        );

        CREATE TABLE schedule_fires (
            repository  TEXT   NOT NULL,
            pipeline_id TEXT   NOT NULL,
            fire_at     BIGINT NOT NULL,
            queue_id    BIGINT,
            PRIMARY KEY (repository, pipeline_id, fire_at)
        );

        CREATE TABLE api_tokens (
            name         TEXT   PRIMARY KEY,
            token_sha256 TEXT   NOT NULL UNIQUE,
            created_at   BIGINT NOT NULL,
            last_used_at BIGINT
        );
        """;
}
