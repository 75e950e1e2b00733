using Sluice.Core.Deployments;
using Sluice.Engine.Runs;

namespace Sluice.Engine.Deployments;

/// <summary>One deployment under way, and what its parts share: the record's id, the environment's rules, the job's log and the store.</summary>
/// <param name="Stop">A person or the run stops it: the run's cancel and the scheduler's cancel of this job.</param>
internal sealed record ActiveDeployment(
    long Id,
    NewDeployment Request,
    EnvironmentDefinition Environment,
    EnvironmentsConfig Config,
    RunContext Run,
    JobLog Log,
    IDeploymentStore Store,
    DeploymentReporter Reporter,
    TimeSpan PollInterval,
    CancellationToken Stop)
{
    public TimeProvider Time => Run.Time;

    public string Name => Environment.Name;

    /// <summary>The people who may approve under <paramref name="rule"/> (an empty list means anyone).</summary>
    public ApprovalRequest ApprovalRequest(ApprovalRule rule) => new(rule, Config.Reviewers(rule), Request.TriggeredBy, Time.GetUtcNow());

    /// <summary>The person's stop request recorded by <c>sluice deploy stop</c> or the server, as the reason to roll back, or null.</summary>
    public async Task<string?> StopRequestAsync()
    {
        var record = await Store.GetAsync(Id, CancellationToken.None);
        return record?.StopRequestedBy is { } by ? $"stopped by {by}" + (string.IsNullOrWhiteSpace(record.StopReason) ? "" : $": {record.StopReason}") : null;
    }

    /// <summary>Waits for <paramref name="delay"/> (never past the poll interval) on the run's clock; false when stopped meanwhile.</summary>
    public async Task<bool> SleepAsync(TimeSpan delay)
    {
        if (delay > PollInterval)
        {
            delay = PollInterval;
        }

        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, Time, Stop);
            }

            return !Stop.IsCancellationRequested;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
