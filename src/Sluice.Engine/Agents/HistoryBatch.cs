namespace Sluice.Engine.Agents;

/// <summary>
/// <c>POST /agent/v1/jobs/{id}/history</c>: several history writes of the job in order, behind one fence check and in one
/// transaction on the server (where its store allows), so a short job costs one request per batch of its writes instead
/// of one per write. Every part is idempotent like its single-write endpoint, so a batch sent again adds nothing.
/// </summary>
internal sealed record HistoryBatch(IReadOnlyList<HistoryWrite> Writes);
