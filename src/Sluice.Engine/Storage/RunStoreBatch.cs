namespace Sluice.Engine.Storage;

/// <summary>The loop behind <see cref="IRunStore.WriteBatchAsync"/>: every write in order, a failed one reported and skipped.</summary>
internal static class RunStoreBatch
{
    public static async Task ApplyEachAsync(
        IRunStore store, IReadOnlyList<Func<IRunStore, CancellationToken, Task>> writes, Action<Exception> onError, CancellationToken cancellationToken)
    {
        foreach (var write in writes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                await write(store, cancellationToken);
            }
#pragma warning disable CA1031 // Each write's failure is the caller's to report; the other writes of the batch still apply.
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
            {
                onError(ex);
            }
        }
    }
}
