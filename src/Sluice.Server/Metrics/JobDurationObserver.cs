using Sluice.Engine.Runs;

namespace Sluice.Server.Metrics;

/// <summary>Feeds <see cref="ServerMetrics.JobFinished"/> from the engine's job finish events (jobs that ran: with a start and an end).</summary>
internal sealed class JobDurationObserver(ServerMetrics metrics) : IRunObserver
{
    public void OnEvent(RunEvent runEvent)
    {
        if (runEvent is JobFinishedEvent { Result: { StartedAt: { } started, FinishedAt: { } finished } })
        {
            metrics.JobFinished(finished - started);
        }
    }
}
