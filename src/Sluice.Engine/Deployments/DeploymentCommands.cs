using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary><see cref="IDeploymentCommands"/> on a deployment store.</summary>
internal sealed class DeploymentCommands(IDeploymentStore store, TimeProvider time) : IDeploymentCommands
{
    public async Task<DecisionOutcome> DecideAsync(long runId, string job, string person, bool approve, string? comment, CancellationToken cancellationToken)
    {
        var deployments = await store.ListForRunAsync(runId, cancellationToken);
        if (deployments.Count == 0)
        {
            return new DecisionOutcome(false, $"run #{runId} has no deployments", null);
        }

        var matching = deployments.Where(d => d.JobKey == job).ToList();
        if (matching.Count == 0)
        {
            matching = deployments.Where(d => d.JobKey.StartsWith(job + " (", StringComparison.Ordinal)).ToList();
        }

        var waiting = matching.Where(d => d.PendingApproval is not null && !d.State.IsTerminal()).ToList();
        return (matching.Count, waiting.Count) switch
        {
            (0, _) => new DecisionOutcome(false, $"run #{runId} has no deployment for job `{job}` (jobs: {string.Join(", ", deployments.Select(d => d.JobKey).Distinct())})", null),
            (_, 0) => new DecisionOutcome(false, $"job `{job}` of run #{runId} is not waiting for an approval (deployment #{matching[^1].Id} to {matching[^1].Environment} is {matching[^1].State.Text()})", matching[^1]),
            (_, > 1) => new DecisionOutcome(false, $"several deployments of `{job}` wait ({string.Join(", ", waiting.Select(d => d.JobKey))}); name one", null),
            _ => await DecideAsync(waiting[0].Id, person, approve, comment, cancellationToken),
        };
    }

    public async Task<DecisionOutcome> DecideAsync(long deploymentId, string person, bool approve, string? comment, CancellationToken cancellationToken)
    {
        var refusal = await store.DecideAsync(deploymentId, new ApprovalDecision(person, approve, comment, time.GetUtcNow()), cancellationToken);
        var deployment = await store.GetAsync(deploymentId, cancellationToken);
        if (refusal is not null)
        {
            return new DecisionOutcome(false, refusal, deployment);
        }

        var verb = approve ? "approved" : "rejected";
        return new DecisionOutcome(true, $"{verb} deployment #{deploymentId} of {deployment?.Version} to {deployment?.Environment} as {person}", deployment);
    }

    public async Task<IReadOnlyList<DeploymentRecord>> PendingAsync(IReadOnlyCollection<long> runIds, CancellationToken cancellationToken)
    {
        var pending = new List<DeploymentRecord>();
        foreach (var runId in runIds)
        {
            pending.AddRange((await store.ListForRunAsync(runId, cancellationToken)).Where(d => d.PendingApproval is not null && !d.State.IsTerminal()));
        }

        return pending;
    }

    public Task<IReadOnlyList<DeploymentRecord>> HistoryAsync(string environment, int limit, CancellationToken cancellationToken) =>
        store.ListAsync(new DeploymentQuery(environment, Limit: limit), cancellationToken);

    public Task<IReadOnlyList<DeploymentEvent>> EventsAsync(long deploymentId, CancellationToken cancellationToken) =>
        store.GetEventsAsync(deploymentId, cancellationToken);

    public async Task<IReadOnlyList<EnvironmentStatus>> StatusAsync(EnvironmentsConfig declared, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(declared);
        var recent = await store.ListAsync(new DeploymentQuery(Limit: 1000), cancellationToken);
        var active = await store.ListAsync(new DeploymentQuery(ActiveOnly: true, Limit: 1000), cancellationToken);
        var locks = await store.ListLocksAsync(cancellationToken);
        var names = declared.Environments.Select(e => e.Name).Concat(recent.Select(d => d.Environment)).Concat(locks.Select(l => l.Environment))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var statuses = new List<EnvironmentStatus>();
        foreach (var name in names)
        {
            var current = recent.FirstOrDefault(d => d.Environment == name && d.State == DeploymentState.Succeeded)
                ?? await store.LastSucceededAsync(name, null, null, cancellationToken);
            var environment = declared.Find(name);
            statuses.Add(new EnvironmentStatus(name, environment?.Url ?? current?.Url, current,
                active.Where(d => d.Environment == name).OrderBy(d => d.Id).ToList(), locks.FirstOrDefault(l => l.Environment == name), environment?.Blocked));
        }

        return statuses;
    }

    public Task LockAsync(string environment, string person, string reason, CancellationToken cancellationToken) =>
        store.LockAsync(new EnvironmentLock(environment, person, reason, time.GetUtcNow()), cancellationToken);

    public Task<bool> UnlockAsync(string environment, CancellationToken cancellationToken) => store.UnlockAsync(environment, cancellationToken);

    public async Task<IReadOnlyList<DeploymentRecord>> StopAsync(string environment, string person, string reason, CancellationToken cancellationToken)
    {
        var asked = new List<DeploymentRecord>();
        foreach (var deployment in await store.ListAsync(new DeploymentQuery(environment, ActiveOnly: true, Limit: 1000), cancellationToken))
        {
            if (await store.RequestStopAsync(deployment.Id, person, reason, cancellationToken))
            {
                asked.Add(deployment);
            }
        }

        return asked;
    }

    public async Task<(DeploymentRecord? Target, string? Problem)> RollbackTargetAsync(string environment, string? version, CancellationToken cancellationToken)
    {
        if (version is not null)
        {
            var named = await store.LastSucceededAsync(environment, version, null, cancellationToken);
            return named is null ? (null, $"{environment} never had a successful deployment of {version}") : (named, null);
        }

        var current = await store.LastSucceededAsync(environment, null, null, cancellationToken);
        if (current is null)
        {
            return (null, $"{environment} has no successful deployment");
        }

        for (var before = current.Id; await store.LastSucceededAsync(environment, null, before, cancellationToken) is { } older; before = older.Id)
        {
            if (older.Version != current.Version)
            {
                return (older, null);
            }
        }

        return (null, $"{environment} has no earlier successful deployment than {current.Version} (deployment #{current.Id})");
    }
}
