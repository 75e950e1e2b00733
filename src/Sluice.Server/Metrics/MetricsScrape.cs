using Sluice.Engine.Dispatch;

namespace Sluice.Server.Metrics;

/// <summary>
/// One scrape of <c>GET /metrics</c>: the database gauges (runs, jobs and run-queue items by state; job-queue depth per
/// label set when a <see cref="IJobQueue"/> is registered) and this server's counters (<see cref="ServerMetrics"/>).
/// </summary>
internal sealed class MetricsScrape(StoreCounts counts, ServerMetrics metrics, IJobQueue? jobQueue)
{
    public async Task<string> RenderAsync(CancellationToken cancellationToken)
    {
        var text = new MetricsText();
        await GaugeAsync(text, "sluice_runs", "Runs in the history by state.", "runs", cancellationToken);
        await GaugeAsync(text, "sluice_jobs", "Jobs of the runs in the history by state.", "jobs", cancellationToken);
        await GaugeAsync(text, "sluice_run_queue_items", "Items of the run queue by state (Queued is the depth).", "run_queue", cancellationToken);
        if (jobQueue is not null)
        {
            text.Family("sluice_job_queue_depth", "gauge", "Tickets of the job queue per label set and state (queued, leased).");
            foreach (var depth in (await jobQueue.DepthAsync(cancellationToken)).OrderBy(d => d.Labels, StringComparer.Ordinal))
            {
                text.Sample("sluice_job_queue_depth", depth.Queued, ("labels", depth.Labels), ("state", "queued"));
                text.Sample("sluice_job_queue_depth", depth.Leased, ("labels", depth.Labels), ("state", "leased"));
            }
        }

        text.Family("sluice_webhook_deliveries_total", "counter", "Webhook deliveries received by this server, by result.");
        foreach (var (result, count) in metrics.Deliveries())
        {
            text.Sample("sluice_webhook_deliveries_total", count, ("result", result));
        }

        text.Family("sluice_lease_expiries_total", "counter", "Leases that ran out and were taken over, noticed by this server.");
        text.Sample("sluice_lease_expiries_total", metrics.LeaseExpiries);

        const string Duration = "sluice_job_duration_seconds";
        var histogram = metrics.JobDurations.Snapshot();
        text.Family(Duration, "histogram", "Duration of the jobs this server executed.");
        for (var i = 0; i < ServerMetrics.JobDurationBuckets.Length; i++)
        {
            text.Sample(Duration + "_bucket", histogram.Buckets[i], ("le", MetricsText.Format(ServerMetrics.JobDurationBuckets[i])));
        }

        text.Sample(Duration + "_bucket", histogram.Count, ("le", "+Inf"));
        text.Sample(Duration + "_sum", histogram.Sum);
        text.Sample(Duration + "_count", histogram.Count);
        return text.ToString();
    }

    private async Task GaugeAsync(MetricsText text, string name, string help, string table, CancellationToken cancellationToken)
    {
        text.Family(name, "gauge", help);
        foreach (var (state, count) in await counts.ByStateAsync(table, cancellationToken))
        {
            text.Sample(name, count, ("state", state));
        }
    }
}
