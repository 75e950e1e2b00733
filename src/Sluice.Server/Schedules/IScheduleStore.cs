using Sluice.Server.Queue;

namespace Sluice.Server.Schedules;

/// <summary>
/// Remembers which fire times of each scheduled pipeline were handled. Contract (any database): a fire time is
/// enqueued at most once per (repository, pipeline), across restarts and concurrent callers; <see cref="FireAsync"/>
/// records the fire, moves the pipeline's last fire time and enqueues the run in one transaction.
/// </summary>
internal interface IScheduleStore
{
    /// <summary>The last fire time handled, or null for a pipeline never seen.</summary>
    Task<DateTimeOffset?> GetLastFireAsync(string repository, string pipelineId, CancellationToken cancellationToken);

    /// <summary>Starts tracking a pipeline from <paramref name="at"/> (fire times before it never run); no-op when already tracked.</summary>
    Task StartTrackingAsync(string repository, string pipelineId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Every fire time enqueued for the pipeline, oldest first.</summary>
    Task<IReadOnlyList<DateTimeOffset>> GetFiresAsync(string repository, string pipelineId, CancellationToken cancellationToken);

    /// <summary>Enqueues the run for <paramref name="fireAt"/>; false when that fire time was already enqueued.</summary>
    Task<bool> FireAsync(string repository, string pipelineId, DateTimeOffset fireAt, QueueRequest run, DateTimeOffset now, CancellationToken cancellationToken);
}
