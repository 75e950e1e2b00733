namespace Sluice.Server.Metrics;

/// <summary>A Prometheus histogram: cumulative counts per upper bound, the sum and the count of observations. Thread-safe.</summary>
internal sealed class Histogram(IReadOnlyList<double> bounds)
{
    private readonly Lock gate = new();
    private readonly long[] counts = new long[bounds.Count];
    private long count;
    private double sum;

    public IReadOnlyList<double> Bounds => bounds;

    public void Observe(double value)
    {
        lock (gate)
        {
            for (var i = 0; i < bounds.Count; i++)
            {
                if (value <= bounds[i])
                {
                    counts[i]++;
                }
            }

            count++;
            sum += value;
        }
    }

    /// <summary>Cumulative bucket counts (one per bound; +Inf is <see cref="HistogramSnapshot.Count"/>), sum and count, read together.</summary>
    public HistogramSnapshot Snapshot()
    {
        lock (gate)
        {
            return new HistogramSnapshot([.. counts], sum, count);
        }
    }
}
