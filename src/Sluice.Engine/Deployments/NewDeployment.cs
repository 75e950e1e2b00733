namespace Sluice.Engine.Deployments;

/// <summary>What is known when a deployment is requested.</summary>
/// <param name="Version">What is deployed: the job's <c>SLUICE_VERSION</c>, else the commit's short sha.</param>
/// <param name="TriggerSource">auto, comment, cli or api (see <see cref="Core.Deployments.TriggerSource"/>).</param>
/// <param name="Strategy">The preset name, <c>steps</c> for explicit steps, <c>none</c> for a job without <c>deploy:</c>.</param>
/// <param name="RollbackOf">For <c>sluice deploy rollback</c>: the deployment being replaced.</param>
internal sealed record NewDeployment(
    string Environment,
    string Version,
    string? PreviousVersion,
    string? Sha,
    string? Ref,
    string Repository,
    string PipelineId,
    long RunId,
    string JobKey,
    string? TriggeredBy,
    string TriggerSource,
    string Strategy,
    string? Url,
    string Owner,
    long? RollbackOf,
    int StepCount,
    DateTimeOffset RequestedAt);
