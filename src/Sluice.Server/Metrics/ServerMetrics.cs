using System.Collections.Concurrent;

namespace Sluice.Server.Metrics;

/// <summary>
/// The counters this server keeps in memory (they start at zero with the process, as Prometheus counters do): webhook
/// deliveries by result, lease expiries, and the job duration histogram. Gauges are read from the database at scrape
/// time instead (<see cref="StoreCounts"/>), so every server reports the same totals. Safe to call from any thread.
/// </summary>
internal sealed class ServerMetrics
{
    private readonly ConcurrentDictionary<string, long> deliveries = new(StringComparer.Ordinal);
    private long leaseExpiries;

    /// <summary>Upper bounds (seconds) of the job duration buckets.</summary>
    public static readonly double[] JobDurationBuckets = [1, 5, 10, 30, 60, 300, 600, 1800, 3600];

    public Histogram JobDurations { get; } = new(JobDurationBuckets);

    public long LeaseExpiries => Interlocked.Read(ref leaseExpiries);

    /// <summary>A delivery answered with <paramref name="result"/> (see <see cref="DeliveryResults"/>).</summary>
    public void WebhookDelivery(string result) => deliveries.AddOrUpdate(result, 1, (_, n) => n + 1);

    /// <summary>Leases that ran out (job leases of agents, server leases taken over); called by whoever noticed.</summary>
    public void LeaseExpired(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        Interlocked.Add(ref leaseExpiries, count);
    }

    public void JobFinished(TimeSpan duration) => JobDurations.Observe(Math.Max(0, duration.TotalSeconds));

    public IReadOnlyList<KeyValuePair<string, long>> Deliveries() => [.. deliveries.OrderBy(p => p.Key, StringComparer.Ordinal)];
}
