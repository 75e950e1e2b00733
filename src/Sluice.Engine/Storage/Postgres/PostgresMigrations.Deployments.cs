namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Migration 3, the twin of <see cref="SqliteMigrations"/>' deployments tables (same names, keys, cascades and indexes;
/// identity ids and <c>timestamptz(3)</c> times), read and written by <see cref="Deployments.PostgresDeploymentStore"/> when
/// <c>sluice serve</c> runs on PostgreSQL (the <c>sluice deploy</c> commands still use the state directory's SQLite file).
/// </summary>
internal static partial class PostgresMigrations
{
    private const string DeploymentsSql = """
        CREATE TABLE deployments (
            id                BIGINT         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            environment       TEXT           NOT NULL,
            version           TEXT           NOT NULL,
            previous_version  TEXT,
            sha               TEXT,
            ref               TEXT,
            repository        TEXT           NOT NULL,
            pipeline_id       TEXT           NOT NULL,
            run_id            BIGINT         NOT NULL,
            job_key           TEXT           NOT NULL,
            triggered_by      TEXT,
            trigger_source    TEXT           NOT NULL,
            strategy          TEXT           NOT NULL,
            url               TEXT,
            owner             TEXT           NOT NULL,
            rollback_of       BIGINT,
            state             TEXT           NOT NULL,
            reason            TEXT,
            traffic_percent   INTEGER        NOT NULL,
            step_index        INTEGER        NOT NULL,
            step_count        INTEGER        NOT NULL,
            requested_at      TIMESTAMPTZ(3) NOT NULL,
            started_at        TIMESTAMPTZ(3),
            finished_at       TIMESTAMPTZ(3),
            stop_requested_by TEXT,
            stop_reason       TEXT,
            gate              INTEGER,
            gate_reviewers    TEXT,
            gate_required     INTEGER,
            gate_timeout_ms   BIGINT,
            gate_self         INTEGER,
            gate_since        TIMESTAMPTZ(3)
        );
        CREATE INDEX ix_deployments_environment ON deployments (environment, id DESC);
        CREATE INDEX ix_deployments_state ON deployments (state, environment, id);
        CREATE INDEX ix_deployments_run ON deployments (run_id, job_key);

        CREATE TABLE deployment_approvals (
            deployment_id BIGINT         NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
            gate          INTEGER        NOT NULL,
            reviewer      TEXT           NOT NULL,
            approved      INTEGER        NOT NULL,
            comment       TEXT,
            decided_at    TIMESTAMPTZ(3) NOT NULL,
            PRIMARY KEY (deployment_id, gate, reviewer)
        );

        CREATE TABLE deployment_events (
            id              BIGINT         GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            deployment_id   BIGINT         NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
            at              TIMESTAMPTZ(3) NOT NULL,
            kind            TEXT           NOT NULL,
            traffic_percent INTEGER,
            message         TEXT           NOT NULL
        );
        CREATE INDEX ix_deployment_events ON deployment_events (deployment_id, id);

        CREATE TABLE environment_locks (
            environment TEXT           PRIMARY KEY,
            locked_by   TEXT           NOT NULL,
            reason      TEXT           NOT NULL,
            locked_at   TIMESTAMPTZ(3) NOT NULL
        );
        """;
}
