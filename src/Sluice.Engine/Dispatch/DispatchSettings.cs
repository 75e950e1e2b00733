namespace Sluice.Engine.Dispatch;

/// <summary>
/// Where a run's jobs come from and the queue's limits for them, given by the orchestrator (the server's queued run).
/// </summary>
/// <param name="PipelineYaml">The text of the run's pipeline file at <see cref="Sha"/> (or the ad-hoc jobs' generated pipeline).</param>
/// <param name="Fork">The run is a fork pull request's: its jobs get no secrets.</param>
/// <param name="RetryBudget">Re-queues allowed after a lost lease before the job fails with "agent lost".</param>
/// <param name="PickupLimit">A job no worker claimed within this fails.</param>
/// <param name="DefaultTimeout">The job timeout used for the ticket when neither the job nor the pipeline sets one.</param>
internal sealed record DispatchSettings(
    string Repository,
    string? Sha,
    string PipelineYaml,
    bool Fork,
    int RetryBudget,
    TimeSpan PickupLimit,
    TimeSpan DefaultTimeout);
