namespace Sluice.Server.Metrics;

/// <summary>A histogram's cumulative bucket counts (per bound), sum and count at one moment.</summary>
internal sealed record HistogramSnapshot(IReadOnlyList<long> Buckets, double Sum, long Count);
