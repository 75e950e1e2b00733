using Sluice.Engine.Runs;

namespace Sluice.Server.Queue;

/// <summary>Links the queue item to its run in the history as soon as the engine creates it (needed to resume after a crash).</summary>
internal sealed class RunIdRecorder(IRunQueue queue, long queueId) : IRunObserver
{
    private Task pending = Task.CompletedTask;

    public long? RunId { get; private set; }

    public void OnEvent(RunEvent runEvent)
    {
        if (runEvent is RunStartedEvent started)
        {
            RunId = started.RunId;
            pending = queue.SetRunIdAsync(queueId, started.RunId, CancellationToken.None);
        }
    }

    public Task FlushAsync() => pending;
}
