using Npgsql;
using Sluice.Core.Deployments;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using static Sluice.Engine.Storage.Postgres.PostgresCommands;

namespace Sluice.Engine.Deployments;

/// <summary>
/// <see cref="IDeploymentStore"/> on PostgreSQL (the tables of migration 3), for servers sharing one database; the twin
/// of <see cref="SqliteDeploymentStore"/>. Where SQLite's IMMEDIATE transactions serialize every writer, this store
/// serializes what must be one step: <see cref="TryStartAsync"/> per environment (a transaction advisory lock) and
/// <see cref="DecideAsync"/> per deployment (its row lock).
/// </summary>
internal sealed class PostgresDeploymentStore(PostgresDatabase database) : IDeploymentStore
{
    private static readonly string ActiveList = "('WaitingApproval', 'Waiting', 'Queued', 'InProgress')";

    public Task<long> CreateAsync(NewDeployment d, DeploymentState state, string? reason, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            var terminal = state.IsTerminal() ? (object)d.RequestedAt : null!;
            var id = await ScalarInt64Async(c, tx, """
                INSERT INTO deployments (environment, version, previous_version, sha, ref, repository, pipeline_id, run_id, job_key, triggered_by,
                    trigger_source, strategy, url, owner, rollback_of, state, reason, traffic_percent, step_index, step_count, requested_at, finished_at)
                VALUES (@env, @version, @previous, @sha, @ref, @repo, @pipeline, @run, @job, @by, @source, @strategy, @url, @owner, @rollback_of,
                    @state, @reason, 0, 0, @steps, @at, @finished)
                RETURNING id
                """, ct,
                ("env", d.Environment), ("version", d.Version), ("previous", d.PreviousVersion), ("sha", d.Sha), ("ref", d.Ref), ("repo", d.Repository),
                ("pipeline", d.PipelineId), ("run", d.RunId), ("job", d.JobKey), ("by", d.TriggeredBy), ("source", d.TriggerSource),
                ("strategy", d.Strategy), ("url", d.Url), ("owner", d.Owner), ("rollback_of", d.RollbackOf), ("state", state.ToString()),
                ("reason", reason), ("steps", d.StepCount), ("at", d.RequestedAt), ("finished", terminal));
            await InsertEventAsync(c, tx, new DeploymentEvent(id, d.RequestedAt, Kind(state), null, reason ?? $"{d.Version} requested by {d.TriggeredBy ?? "unknown"}"), ct);
            return id;
        }, cancellationToken);

    public async Task<DeploymentRecord?> GetAsync(long id, CancellationToken cancellationToken) =>
        (await QueryAsync("WHERE d.id = @id", cancellationToken, ("id", id))).FirstOrDefault();

    public Task<IReadOnlyList<DeploymentRecord>> ListAsync(DeploymentQuery query, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        var where = new List<string>();
        if (query.Environment is not null)
        {
            where.Add("d.environment = @env");
        }

        if (query.ActiveOnly)
        {
            where.Add($"d.state IN {ActiveList}");
        }

        var clause = (where.Count == 0 ? "" : "WHERE " + string.Join(" AND ", where)) + " ORDER BY d.id DESC LIMIT @limit";
        return QueryAsync(clause, cancellationToken, ("env", query.Environment), ("limit", query.Limit));
    }

    public Task<IReadOnlyList<DeploymentRecord>> ListForRunAsync(long runId, CancellationToken cancellationToken) =>
        QueryAsync("WHERE d.run_id = @run ORDER BY d.id", cancellationToken, ("run", runId));

    public async Task<DeploymentRecord?> LastSucceededAsync(string environment, string? version, long? before, CancellationToken cancellationToken) =>
        (await QueryAsync(
            "WHERE d.environment = @env AND d.state = 'Succeeded' AND (@version::text IS NULL OR d.version = @version::text) AND (@before::bigint IS NULL OR d.id < @before::bigint) ORDER BY d.id DESC LIMIT 1",
            cancellationToken, ("env", environment), ("version", version), ("before", before))).FirstOrDefault();

    public Task SetStateAsync(long id, DeploymentState state, string? reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync<object?>(async (c, tx, ct) =>
        {
            await ExecuteAsync(c, tx, """
                UPDATE deployments SET state = @state, reason = @reason,
                    started_at = CASE WHEN @state::text = 'InProgress' AND started_at IS NULL THEN @at ELSE started_at END,
                    finished_at = CASE WHEN @terminal::integer = 1 THEN @at ELSE finished_at END
                WHERE id = @id
                """, ct, ("state", state.ToString()), ("reason", reason), ("at", at), ("terminal", state.IsTerminal() ? 1 : 0), ("id", id));
            await InsertEventAsync(c, tx, new DeploymentEvent(id, at, Kind(state), null, reason ?? state.Text()), ct);
            return null;
        }, cancellationToken);

    public Task SetProgressAsync(long id, int trafficPercent, int stepIndex, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx,
            "UPDATE deployments SET traffic_percent = @percent, step_index = @step WHERE id = @id", ct,
            ("percent", trafficPercent), ("step", stepIndex), ("id", id)), cancellationToken);

    public Task AddEventAsync(DeploymentEvent deploymentEvent, CancellationToken cancellationToken) =>
        database.WriteAsync<object?>(async (c, tx, ct) =>
        {
            await InsertEventAsync(c, tx, deploymentEvent, ct);
            return null;
        }, cancellationToken);

    public Task<IReadOnlyList<DeploymentEvent>> GetEventsAsync(long id, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<DeploymentEvent>>(async (c, ct) =>
        {
            await using var command = Create(c, null, "SELECT deployment_id, at, kind, traffic_percent, message FROM deployment_events WHERE deployment_id = @id ORDER BY id", ("id", id));
            return await ReadAllAsync(command, PostgresDeploymentRows.ReadEvent, ct);
        }, cancellationToken);

    public Task<StartAttempt> TryStartAsync(long id, DateTimeOffset at, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            await using var find = Create(c, tx, "SELECT environment FROM deployments WHERE id = @id", ("id", id));
            var environment = (string?)await find.ExecuteScalarAsync(ct) ?? throw new KeyNotFoundException($"deployment {id} does not exist");

            // Servers start deployments side by side: the environment's queue check and the start are one step per environment.
            await ExecuteAsync(c, tx, "SELECT pg_advisory_xact_lock(hashtextextended('sluice-environment:' || @env, 0))", ct, ("env", environment));
            await using var lockQuery = Create(c, tx, "SELECT environment, locked_by, reason, locked_at FROM environment_locks WHERE environment = @env", ("env", environment));
            if ((await ReadAllAsync(lockQuery, PostgresDeploymentRows.ReadLock, ct)).FirstOrDefault() is { } held)
            {
                return new StartAttempt(false, held, 0, null);
            }

            await using var ahead = Create(c, tx, """
                SELECT id FROM deployments WHERE environment = @env AND id <> @id
                    AND (state = 'InProgress' OR (state = 'Queued' AND id < @id))
                ORDER BY CASE state WHEN 'InProgress' THEN 0 ELSE 1 END, id
                """, ("env", environment), ("id", id));
            var blocking = await ReadAllAsync(ahead, r => r.GetInt64(0), ct);
            if (blocking.Count > 0)
            {
                return new StartAttempt(false, null, blocking.Count, blocking[0]);
            }

            // What runs now is only known now: a deployment that finished while this one waited replaced it.
            await ExecuteAsync(c, tx, """
                UPDATE deployments SET state = 'InProgress', started_at = @at, reason = NULL,
                    previous_version = (SELECT p.version FROM deployments p WHERE p.environment = @env AND p.state = 'Succeeded' ORDER BY p.id DESC LIMIT 1)
                WHERE id = @id
                """, ct, ("at", at), ("env", environment), ("id", id));
            await InsertEventAsync(c, tx, new DeploymentEvent(id, at, "started", null, "started"), ct);
            return StartAttempt.Go;
        }, cancellationToken);

    public Task OpenGateAsync(long id, PendingApproval approval, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx, """
            UPDATE deployments SET gate = @gate, gate_reviewers = @reviewers, gate_required = @required, gate_timeout_ms = @timeout,
                gate_self = @self, gate_since = @since
            WHERE id = @id
            """, ct, ("gate", approval.Gate), ("reviewers", PostgresDeploymentRows.JoinNames(approval.Request.Reviewers)),
            ("required", approval.Request.Rule.Required), ("timeout", (long?)approval.Request.Rule.Timeout?.TotalMilliseconds),
            ("self", approval.Request.Rule.SelfApproval ? 1 : 0), ("since", approval.Request.RequestedAt), ("id", id)), cancellationToken);

    public Task CloseGateAsync(long id, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx,
            "UPDATE deployments SET gate = NULL, gate_reviewers = NULL, gate_required = NULL, gate_timeout_ms = NULL, gate_self = NULL, gate_since = NULL WHERE id = @id",
            ct, ("id", id)), cancellationToken);

    public Task<string?> DecideAsync(long id, ApprovalDecision decision, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) =>
        {
            // The row lock orders two reviewers deciding at once: the second sees the first's decision.
            await ExecuteAsync(c, tx, "SELECT id FROM deployments WHERE id = @id FOR UPDATE", ct, ("id", id));
            await using var query = Create(c, tx, $"SELECT {PostgresDeploymentRows.Columns} FROM deployments d WHERE d.id = @id", ("id", id));
            if ((await ReadAllAsync(query, PostgresDeploymentRows.Read, ct)).FirstOrDefault() is not { } deployment)
            {
                return $"deployment #{id} does not exist";
            }

            if (deployment.PendingApproval is not { } pending || deployment.State.IsTerminal())
            {
                return $"deployment #{id} to {deployment.Environment} is not waiting for an approval ({deployment.State.Text()})";
            }

            var refusal = ApprovalGate.Check(pending.Request, await ReadDecisionsAsync(c, tx, id, pending.Gate, ct), decision);
            if (refusal is not null)
            {
                return refusal;
            }

            await ExecuteAsync(c, tx, """
                INSERT INTO deployment_approvals (deployment_id, gate, reviewer, approved, comment, decided_at)
                VALUES (@id, @gate, @reviewer, @approved, @comment, @at)
                """, ct, ("id", id), ("gate", pending.Gate), ("reviewer", decision.Reviewer), ("approved", decision.Approved ? 1 : 0),
                ("comment", decision.Comment), ("at", decision.At));
            var verb = decision.Approved ? "approved" : "rejected";
            await InsertEventAsync(c, tx, new DeploymentEvent(id, decision.At, verb, null,
                $"{verb} by {decision.Reviewer}" + (string.IsNullOrWhiteSpace(decision.Comment) ? "" : $": {decision.Comment}")), ct);
            return null;
        }, cancellationToken);

    public Task<IReadOnlyList<ApprovalDecision>> GetDecisionsAsync(long id, int gate, CancellationToken cancellationToken) =>
        database.ReadAsync((c, ct) => ReadDecisionsAsync(c, null, id, gate, ct), cancellationToken);

    public Task<bool> RequestStopAsync(long id, string by, string reason, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx,
            $"UPDATE deployments SET stop_requested_by = @by, stop_reason = @reason WHERE id = @id AND state IN {ActiveList}", ct,
            ("by", by), ("reason", reason), ("id", id)) > 0, cancellationToken);

    public async Task<EnvironmentLock?> GetLockAsync(string environment, CancellationToken cancellationToken) =>
        (await LocksAsync("WHERE environment = @env", cancellationToken, ("env", environment))).FirstOrDefault();

    public Task<IReadOnlyList<EnvironmentLock>> ListLocksAsync(CancellationToken cancellationToken) => LocksAsync("ORDER BY environment", cancellationToken);

    public Task LockAsync(EnvironmentLock environmentLock, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx, """
            INSERT INTO environment_locks (environment, locked_by, reason, locked_at) VALUES (@env, @by, @reason, @at)
            ON CONFLICT (environment) DO UPDATE SET locked_by = excluded.locked_by, reason = excluded.reason, locked_at = excluded.locked_at
            """, ct, ("env", environmentLock.Environment), ("by", environmentLock.LockedBy), ("reason", environmentLock.Reason),
            ("at", environmentLock.LockedAt)), cancellationToken);

    public Task<bool> UnlockAsync(string environment, CancellationToken cancellationToken) =>
        database.WriteAsync(async (c, tx, ct) => await ExecuteAsync(c, tx, "DELETE FROM environment_locks WHERE environment = @env", ct, ("env", environment)) > 0, cancellationToken);

    public async Task<IReadOnlyList<long>> MarkInterruptedAsync(Func<string, bool> isOwnerAlive, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var owners = await database.ReadAsync(async (c, ct) =>
        {
            await using var command = Create(c, null, $"SELECT DISTINCT owner FROM deployments WHERE state IN {ActiveList}");
            return await ReadAllAsync(command, r => r.GetString(0), ct);
        }, cancellationToken);
        var dead = owners.Where(o => !isOwnerAlive(o)).ToList();
        if (dead.Count == 0)
        {
            return [];
        }

        return await database.WriteAsync<IReadOnlyList<long>>(async (c, tx, ct) =>
        {
            var ids = new List<long>();
            foreach (var owner in dead)
            {
                await using var select = Create(c, tx, $"SELECT id FROM deployments WHERE owner = @owner AND state IN {ActiveList}", ("owner", owner));
                ids.AddRange(await ReadAllAsync(select, r => r.GetInt64(0), ct));
            }

            foreach (var id in ids)
            {
                await ExecuteAsync(c, tx, "UPDATE deployments SET state = 'Interrupted', reason = @reason, finished_at = @at WHERE id = @id", ct,
                    ("reason", "interrupted: the process running it is gone"), ("at", at), ("id", id));
                await InsertEventAsync(c, tx, new DeploymentEvent(id, at, "interrupted", null, "interrupted: the process running it is gone"), ct);
            }

            return ids;
        }, cancellationToken);
    }

    /// <summary>Nothing to release: the connections belong to the run store that opened the database.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static string Kind(DeploymentState state) => state switch
    {
        DeploymentState.WaitingApproval => "waiting-approval",
        DeploymentState.InProgress => "started",
        DeploymentState.RolledBack => "rolled-back",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static async Task InsertEventAsync(NpgsqlConnection c, NpgsqlTransaction tx, DeploymentEvent e, CancellationToken ct) =>
        await ExecuteAsync(c, tx, "INSERT INTO deployment_events (deployment_id, at, kind, traffic_percent, message) VALUES (@id, @at, @kind, @percent, @message)", ct,
            ("id", e.DeploymentId), ("at", e.At), ("kind", e.Kind), ("percent", e.TrafficPercent), ("message", e.Message));

    private static async Task<IReadOnlyList<ApprovalDecision>> ReadDecisionsAsync(NpgsqlConnection c, NpgsqlTransaction? tx, long id, int gate, CancellationToken ct)
    {
        await using var command = Create(c, tx,
            "SELECT reviewer, approved, comment, decided_at FROM deployment_approvals WHERE deployment_id = @id AND gate = @gate ORDER BY decided_at, reviewer",
            ("id", id), ("gate", gate));
        return await ReadAllAsync(command, r => new ApprovalDecision(r.GetString(0), r.GetInt32(1) == 1, r.IsDBNull(2) ? null : r.GetString(2),
            PostgresRows.Time(r, 3)), ct);
    }

    private Task<IReadOnlyList<DeploymentRecord>> QueryAsync(string clause, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        database.ReadAsync<IReadOnlyList<DeploymentRecord>>(async (c, ct) =>
        {
            await using var command = Create(c, null, $"SELECT {PostgresDeploymentRows.Columns} FROM deployments d {clause}", parameters);
            return await ReadAllAsync(command, PostgresDeploymentRows.Read, ct);
        }, cancellationToken);

    private Task<IReadOnlyList<EnvironmentLock>> LocksAsync(string clause, CancellationToken cancellationToken, params (string, object?)[] parameters) =>
        database.ReadAsync<IReadOnlyList<EnvironmentLock>>(async (c, ct) =>
        {
            await using var command = Create(c, null, $"SELECT environment, locked_by, reason, locked_at FROM environment_locks {clause}", parameters);
            return await ReadAllAsync(command, PostgresDeploymentRows.ReadLock, ct);
        }, cancellationToken);
}
