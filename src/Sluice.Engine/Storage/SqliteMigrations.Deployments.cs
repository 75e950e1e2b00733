namespace Sluice.Engine.Storage;

/// <summary>
/// Migration 3: deployments (Sluice.Engine/Deployments owns the code that reads and writes them).
/// <list type="bullet">
/// <item><c>deployments</c>: one row per deployment of a job to an environment, from request to outcome; the
/// environment's queue is its rows in state Queued, oldest id first. No foreign key to <c>runs</c>: history
/// outlives pruned runs. The <c>gate_*</c> columns hold the approval it waits for right now (null when none), so
/// whoever records a decision checks it against the same rule the waiting process applies.</item>
/// <item><c>deployment_approvals</c>: every decision, per gate (0 = the environment's approval, n = the strategy's
/// n-th step when it is <c>pause: until-approved</c>); a person decides once per gate.</item>
/// <item><c>deployment_events</c>: the strategy's progress and every state change, in order.</item>
/// <item><c>environment_locks</c>: sticky locks (<c>sluice deploy lock</c>), one per environment.</item>
/// </list>
/// </summary>
internal static partial class SqliteMigrations
{
    private const string DeploymentsSql = """
        CREATE TABLE deployments (
            id                INTEGER PRIMARY KEY AUTOINCREMENT,
            environment       TEXT    NOT NULL,
            version           TEXT    NOT NULL,
            previous_version  TEXT,
            sha               TEXT,
            ref               TEXT,
            repository        TEXT    NOT NULL,
            pipeline_id       TEXT    NOT NULL,
            run_id            BIGINT  NOT NULL,
            job_key           TEXT    NOT NULL,
            triggered_by      TEXT,
            trigger_source    TEXT    NOT NULL,
            strategy          TEXT    NOT NULL,
            url               TEXT,
            owner             TEXT    NOT NULL,
            rollback_of       BIGINT,
            state             TEXT    NOT NULL,
            reason            TEXT,
            traffic_percent   INTEGER NOT NULL,
            step_index        INTEGER NOT NULL,
            step_count        INTEGER NOT NULL,
            requested_at      BIGINT  NOT NULL,
            started_at        BIGINT,
            finished_at       BIGINT,
            stop_requested_by TEXT,
            stop_reason       TEXT,
            gate              INTEGER,
            gate_reviewers    TEXT,
            gate_required     INTEGER,
            gate_timeout_ms   BIGINT,
            gate_self         INTEGER,
            gate_since        BIGINT
        );
        CREATE INDEX ix_deployments_environment ON deployments (environment, id DESC);
        CREATE INDEX ix_deployments_state ON deployments (state, environment, id);
        CREATE INDEX ix_deployments_run ON deployments (run_id, job_key);

        CREATE TABLE deployment_approvals (
            deployment_id BIGINT  NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
            gate          INTEGER NOT NULL,
            reviewer      TEXT    NOT NULL,
            approved      INTEGER NOT NULL,
            comment       TEXT,
            decided_at    BIGINT  NOT NULL,
            PRIMARY KEY (deployment_id, gate, reviewer)
        );

        CREATE TABLE deployment_events (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            deployment_id BIGINT  NOT NULL REFERENCES deployments (id) ON DELETE CASCADE,
            at            BIGINT  NOT NULL,
            kind          TEXT    NOT NULL,
            traffic_percent INTEGER,
            message       TEXT    NOT NULL
        );
        CREATE INDEX ix_deployment_events ON deployment_events (deployment_id, id);

        CREATE TABLE environment_locks (
            environment TEXT   PRIMARY KEY,
            locked_by   TEXT   NOT NULL,
            reason      TEXT   NOT NULL,
            locked_at   BIGINT NOT NULL
        );
        """;
}
