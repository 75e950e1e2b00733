using Sluice.Core.Deployments;

namespace Sluice.Engine.Deployments;

/// <summary>
/// How a run's deployments are carried out (<see cref="Runs.RunOptions.Deployments"/>). The defaults suit
/// <c>sluice run</c>: environments from the pipeline folder's <c>environments.yml</c>, the store on the state
/// directory's database, the webhook of each environment as the only notifier, a one-second poll.
/// </summary>
internal sealed record DeploymentSettings
{
    public static DeploymentSettings Default { get; } = new();

    /// <summary>The environments to enforce; null reads <c>environments.yml</c> next to the pipeline file.</summary>
    public EnvironmentsConfig? Environments { get; init; }

    /// <summary>Where to read <c>environments.yml</c> when <see cref="Environments"/> is null (the server: the pipelines at the run's commit).</summary>
    public string? EnvironmentsFolder { get; init; }

    /// <summary>How often waiting deployments look for decisions, stop requests and their turn in the queue.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Notifiers besides each environment's webhook (the server's pull request reporter).</summary>
    public IReadOnlyList<IDeploymentNotifier> Notifiers { get; init; } = [];

    /// <summary>Skip gradual steps: one shift to 100% (<c>sluice deploy rollback</c> without <c>--gradual</c>).</summary>
    public bool AllAtOnce { get; init; }

    /// <summary>The deployment this run rolls back (<c>sluice deploy rollback</c>), recorded on the new deployment.</summary>
    public long? RollbackOf { get; init; }

    /// <summary>How the deployments count for the <c>auto</c>/<c>manual</c> rules when not as the event says (a roll back by a person is <c>cli</c>).</summary>
    public TriggerSource? Source { get; init; }

    /// <summary>The store to use; null opens the state directory's database.</summary>
    public IDeploymentStore? Store { get; init; }

    /// <summary>For webhooks; null uses a shared client with a 10-second timeout.</summary>
    public HttpClient? Http { get; init; }
}
