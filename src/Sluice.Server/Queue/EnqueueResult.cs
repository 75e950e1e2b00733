namespace Sluice.Server.Queue;

/// <summary>What enqueuing did: the new item ids (duplicates by dedupe key are left out) and running items asked to cancel (cancel-in-progress).</summary>
internal sealed record EnqueueResult(IReadOnlyList<long> Enqueued, IReadOnlyList<long> CancelRunning, int Duplicates)
{
    public static readonly EnqueueResult Empty = new([], [], 0);
}
