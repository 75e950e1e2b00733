using Microsoft.Data.Sqlite;
using Sluice.Core.Deployments;
using Sluice.Core.Events;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Engine.Artifacts;
using Sluice.Engine.Execution;
using Sluice.Engine.Runs;
using Sluice.Engine.Scheduling;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Deployments;

/// <summary>
/// The engine's hook for deployments: <see cref="RunExecutor"/> sends every job with <c>environment:</c> or
/// <c>deploy:</c> through <see cref="RunAsync"/> instead of straight to the <see cref="JobRunner"/>. A deployment is
/// recorded, checked against the environment's rules and lock, approved, delayed, queued behind the environment's
/// other deployments, and only then does the job run, now with the environment's vars and secrets; its
/// <c>deploy:</c> strategy runs after the job's steps. Environment-scoped secrets are withheld from every other job
/// (<see cref="JobSecrets"/>). A <c>deploy:</c> job without <c>environment:</c> deploys to an environment named after
/// the job, without rules.
/// </summary>
internal sealed class JobDeployments : IAsyncDisposable
{
    private static readonly HttpClient SharedHttp = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly DeploymentSettings settings;
    private readonly EnvironmentsLoad environments;
    private readonly IReadOnlyDictionary<string, string> runSecrets;
    private readonly IDeploymentStore store;
    private readonly bool ownsStore;

    private JobDeployments(DeploymentSettings settings, EnvironmentsLoad environments, IReadOnlyDictionary<string, string> runSecrets, IDeploymentStore store, bool ownsStore)
    {
        this.settings = settings;
        this.environments = environments;
        this.runSecrets = runSecrets;
        this.store = store;
        this.ownsStore = ownsStore;
    }

    /// <summary>The hook for a run, or null when none of its jobs deploys.</summary>
    public static async Task<JobDeployments?> CreateAsync(RunRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!request.Plan.Jobs.Any(j => Applies(j)))
        {
            return null;
        }

        var settings = request.Options.Deployments ?? DeploymentSettings.Default;
        var environments = settings.Environments is { } given
            ? new EnvironmentsLoad(given, [])
            : EnvironmentsLoader.Load(settings.EnvironmentsFolder ?? EnvironmentsLoader.PipelineFolder(request.Plan.Pipeline.File, request.Workspace));
        if (settings.Store is { } store)
        {
            return new JobDeployments(settings, environments, request.Secrets, store, ownsStore: false);
        }

        // The run store may live elsewhere (PostgreSQL); the deployment tables are on the state directory's SQLite file.
        await using (var migrator = request.Options.StateDirectory.EnsureCreated().OpenRunStore(time))
        {
            await migrator.MigrateAsync(cancellationToken);
        }

        return new JobDeployments(settings, environments, request.Secrets, new SqliteDeploymentStore(request.Options.StateDirectory.DatabasePath), ownsStore: true);
    }

    public static bool Applies(PlannedJob job) => job.Definition.Environment is not null || job.Definition.Deploy is not null;

    /// <summary>The run's secrets without the ones an environment scopes to its own jobs.</summary>
    public IReadOnlyDictionary<string, string> JobSecrets(IReadOnlyDictionary<string, string> secrets)
    {
        var scoped = (environments.Config?.Environments ?? []).SelectMany(e => e.Secrets.Values).ToHashSet(StringComparer.Ordinal);
        return secrets.Where(kv => !scoped.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
    }

    public async Task<(JobResult Result, IReadOnlyList<ArtifactRecord> Artifacts)> RunAsync(
        RunContext run, PlannedJob job, int index, RunExpressionContext context, IEnumerable<ArtifactRecord> needed, JobControl control)
    {
        var log = new JobLog(run, job.Key);
        var definition = job.Definition;
        var name = job.JobId;
        if (definition.Environment is { } raw)
        {
            var rendered = RunTimeExpressions.Render(raw, context);
            if (rendered.Error is not null)
            {
                return NotRun(job, JobState.Failed, run.Masker.Apply($"`environment`: {rendered.Error}"));
            }

            name = rendered.Text.Trim();
            if (name.Length == 0)
            {
                log.Note(JobLog.JobLevel, "deploy: `environment` is empty; running without a deployment");
                return await new JobRunner(run).RunAsync(job, index, context, needed, control, log);
            }
        }

        if (environments.Config is not { } config)
        {
            var problem = environments.Diagnostics.FirstOrDefault(d => d.IsError)?.ToString() ?? "environments.yml is invalid";
            return NotRun(job, JobState.Failed, $"deployment to {name} refused: {problem}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Cancelled, control.Token);
        try
        {
            return await DeployAsync(run, job, index, context, needed, control, log, config, name, stop.Token);
        }
        catch (SqliteException e)
        {
            return NotRun(job, JobState.Failed, $"deployment to {name}: the deployment history is unavailable: {e.Message}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (ownsStore)
        {
            await store.DisposeAsync();
        }
    }

    private async Task<(JobResult, IReadOnlyList<ArtifactRecord>)> DeployAsync(
        RunContext run, PlannedJob job, int index, RunExpressionContext context, IEnumerable<ArtifactRecord> needed, JobControl control,
        JobLog log, EnvironmentsConfig config, string name, CancellationToken stop)
    {
        var definition = job.Definition;
        var environment = definition.Environment is null ? EnvironmentDefinition.Unrestricted(name) : config.Resolve(name);
        var now = run.Time.GetUtcNow();
        var previous = await store.LastSucceededAsync(name, null, null, CancellationToken.None);
        var steps = definition.Deploy is null || settings.AllAtOnce ? [new DeployStep(100, null, false)] : definition.Deploy.Steps;
        var strategy = definition.Deploy is null ? "none" : settings.AllAtOnce ? "AllAtOnce" : definition.Deploy.Strategy ?? "steps";
        var facts = DeploymentFacts.From(run.Event);
        if (settings.Source is { } source)
        {
            facts = facts with { Event = source switch { TriggerSource.Comment => EventKind.Comment, TriggerSource.Api => EventKind.Api, _ => EventKind.Manual } };
        }

        var request = new NewDeployment(name, Version(definition, context, run), previous?.Version, run.Event.Sha, run.Event.Ref, run.Options.Repository,
            run.Pipeline.Id, run.RunId, job.Key, run.Event.Actor, DeploymentRules.Text(facts.Source), strategy, environment?.Url, run.Options.Owner,
            settings.RollbackOf, steps.Count, now);
        var verdict = environment is null
            ? RuleVerdict.Refused($"environment `{name}` is not declared in {config.File} (environments: {string.Join(", ", config.Environments.Select(e => e.Name))})")
            : DeploymentRules.Evaluate(environment, facts);
        if (verdict.Allowed && await store.GetLockAsync(name, CancellationToken.None) is { } held)
        {
            verdict = RuleVerdict.Refused(DeploymentCoordinator.Locked(held));
        }

        var initial = !verdict.Allowed ? DeploymentState.Refused
            : verdict.Approval is not null ? DeploymentState.WaitingApproval
            : verdict.Wait is not null ? DeploymentState.Waiting : DeploymentState.Queued;
        var id = await store.CreateAsync(request, initial, verdict.Refusal, CancellationToken.None);
        var reporter = new DeploymentReporter(store, log, Notifiers(environment, log), run.Time);
        reporter.Note($"deployment #{id}: {request.Version} to {name}" + (previous is null ? " (first deployment)" : $" (replacing {previous.Version})"));
        if (!verdict.Allowed)
        {
            reporter.Note("refused: " + verdict.Refusal);
            await reporter.NotifyAsync(id, DeploymentNotice.Failed, "refused: " + verdict.Refusal);
            return NotRun(job, JobState.Failed, $"deployment to {name} refused: {verdict.Refusal}");
        }

        var active = new ActiveDeployment(id, request, environment!, config, run, log, store, reporter, settings.PollInterval, stop);
        if (await DeploymentCoordinator.AwaitStartAsync(active, verdict) is { } ended)
        {
            var state = ended.State == DeploymentState.Cancelled && run.Cancelled.IsCancellationRequested ? JobState.Cancelled : JobState.Failed;
            return NotRun(job, state, $"deployment to {name} {ended.State.Text()}: {ended.Reason}");
        }

        request = request with { PreviousVersion = (await store.GetAsync(id, CancellationToken.None))?.PreviousVersion };
        active = active with { Request = request };
        await reporter.NotifyAsync(id, DeploymentNotice.Started, null);
        reporter.Note($"started; {name}'s vars and secrets are now given to the job");
        StrategyOutcome? outcome = null;
        var (result, kept) = await new JobRunner(WithEnvironmentSecrets(run, environment!)).RunAsync(
            WithEnvironment(job, environment!, request, id), index, WithVars(context, run, environment!), needed, control, log,
            definition.Deploy is not { } deploy ? null : async (setup, attempt) =>
            {
                outcome = await new StrategyRunner(active, deploy, steps).RunAsync(setup);
                return outcome.State == DeploymentState.Succeeded ? attempt : attempt with { State = JobState.Failed, Reason = $"{outcome.State.Text()}: {outcome.Reason}" };
            });
        var final = outcome?.State ?? result.State switch
        {
            JobState.Succeeded => DeploymentState.Succeeded,
            JobState.Cancelled => DeploymentState.Cancelled,
            _ => DeploymentState.Failed,
        };
        var reason = outcome?.Reason ?? (final == DeploymentState.Succeeded ? null : result.Reason);
        if (outcome is null && final == DeploymentState.Succeeded)
        {
            await store.SetProgressAsync(id, 100, steps.Count, CancellationToken.None);
        }

        await reporter.SetStateAsync(id, final, reason);
        reporter.Note(final.Text() + (reason is null ? "" : $": {reason}"));
        return (result, kept);
    }

    /// <summary>The version: the job's <c>SLUICE_VERSION</c> env when it renders, else the commit's short sha, else the run.</summary>
    private static string Version(JobDefinition definition, RunExpressionContext context, RunContext run)
    {
        if (definition.Env.TryGetValue("SLUICE_VERSION", out var raw) && RunTimeExpressions.Render(raw, context) is { Error: null, Text: { Length: > 0 } text })
        {
            return text.Trim();
        }

        return run.Event.Sha is { Length: > 0 } sha ? sha[..Math.Min(12, sha.Length)] : $"run-{run.RunId}";
    }

    private List<IDeploymentNotifier> Notifiers(EnvironmentDefinition? environment, JobLog log)
    {
        var notifiers = new List<IDeploymentNotifier>(settings.Notifiers);
        if (environment?.Notify is not { } notify)
        {
            return notifiers;
        }

        var url = notify.Webhook ?? (notify.WebhookSecret is { } secret && runSecrets.TryGetValue(secret, out var value) ? value : null);
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            notifiers.Add(new WebhookNotifier(settings.Http ?? SharedHttp, uri, notify.On));
        }
        else
        {
            log.Note(JobLog.JobLevel, $"deploy: warning: {environment.Name}'s webhook is not set (secret `{notify.WebhookSecret}` not given or not a URL); no notifications");
        }

        return notifiers;
    }

    /// <summary>The run's secrets plus the environment's, under the names the environment gives them.</summary>
    private RunContext WithEnvironmentSecrets(RunContext run, EnvironmentDefinition environment)
    {
        var secrets = new Dictionary<string, string>(run.Secrets, StringComparer.Ordinal);
        foreach (var (name, source) in environment.Secrets)
        {
            if (runSecrets.TryGetValue(source, out var value))
            {
                secrets[name] = value;
            }
        }

        return run with { Secrets = secrets };
    }

    private static PlannedJob WithEnvironment(PlannedJob job, EnvironmentDefinition environment, NewDeployment request, long id)
    {
        var definition = job.Definition;
        var env = new Dictionary<string, string>(environment.Vars, StringComparer.Ordinal);
        foreach (var (key, value) in definition.Env)
        {
            env[key] = value;
        }

        env["SLUICE_ENVIRONMENT"] = environment.Name;
        env["SLUICE_ENVIRONMENT_URL"] = environment.Url ?? "";
        env["SLUICE_DEPLOYMENT_ID"] = id.ToString(System.Globalization.CultureInfo.InvariantCulture);
        env["SLUICE_PREVIOUS_VERSION"] = request.PreviousVersion ?? "";
        env.TryAdd("SLUICE_VERSION", request.Version);
        var secrets = definition.Secrets.Concat(environment.Secrets.Keys).Distinct(StringComparer.Ordinal).ToList();
        return job with { Definition = definition with { Env = env, Secrets = secrets } };
    }

    private static RunExpressionContext WithVars(RunExpressionContext context, RunContext run, EnvironmentDefinition environment)
    {
        var vars = new Dictionary<string, string>(run.Pipeline.Vars, StringComparer.Ordinal);
        foreach (var (key, value) in environment.Vars)
        {
            vars[key] = value;
        }

        return context.With("vars", ExprValues.Strings(vars));
    }

    private static (JobResult, IReadOnlyList<ArtifactRecord>) NotRun(PlannedJob job, JobState state, string reason) =>
        (new JobResult(job.Key, job.JobId, job.DisplayName, state, reason, 0, null, null, new Dictionary<string, string>()), []);
}
