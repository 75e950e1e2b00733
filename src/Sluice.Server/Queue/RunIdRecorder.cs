using Sluice.Engine.Runs;

namespace Sluice.Server.Queue;

/// <summary>Links the queue item to its run in the history as soon as the engine creates it (needed to resume after a crash); only while the item is still <c>owner</c>'s.</summary>
internal sealed class RunIdRecorder(IRunQueue queue, long queueId, string owner) : IRunObserver
{
    private Task pending = Task.CompletedTask;

    public long? RunId { get; private set; }

    public void OnEvent(RunEvent runEvent)
    {
        if (runEvent is RunStartedEvent started)
        {
            RunId = started.RunId;
            pending = queue.SetRunIdAsync(queueId, owner, started.RunId, CancellationToken.None);
        }
    }

    public Task FlushAsync() => pending;
}
