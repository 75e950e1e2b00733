namespace Sluice.Server.Reporting;

/// <summary>
/// Which pull request comments belong to a queued run (one per part when the report is split), so the report is
/// edited in place, also after a restart. Contract: <see cref="SetAsync"/> replaces the part's comment id.
/// </summary>
internal interface ICommentLinks
{
    Task<IReadOnlyDictionary<int, long>> GetAsync(long queueId, CancellationToken cancellationToken);

    Task SetAsync(long queueId, int part, long commentId, CancellationToken cancellationToken);
}
