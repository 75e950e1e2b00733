using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;
using Sluice.Server.Metrics;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Metrics;

/// <summary><c>GET /metrics</c>: Prometheus text whose values follow what the server did.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private ServerHarness harness = null!;

    public async Task InitializeAsync() => harness = await ServerHarness.CreateAsync();

    public async Task DisposeAsync() => await harness.DisposeAsync();

    [Fact]
    public async Task Metrics_FollowDeliveriesRunsJobsAndLeaseExpiries()
    {
        var sha = harness.Repo.Commit("ci", (".sluice/ci.yml", Pipelines.Ci));
        await harness.StartAsync();
        var before = await MetricsScraper.ScrapeAsync(harness.Http);

        await harness.SendAsync("push", Payloads.Push(sha, created: true), delivery: "m-1");
        await harness.SendAsync("push", Payloads.Push(sha, created: true), delivery: "m-1");
        await harness.SendAsync("push", Payloads.Push(sha, created: true), delivery: "m-2", secret: "wrong");
        var items = await harness.WaitForFinishedAsync(1);
        harness.Server.Get<ServerMetrics>().LeaseExpired(2);
        var after = await MetricsScraper.ScrapeAsync(harness.Http);

        var jobs = await harness.Server.Storage.Runs.GetJobsAsync(items[0].RunId!.Value, CancellationToken.None);
        var ran = jobs.Count(j => j.StartedAt is not null && j.FinishedAt is not null);
        before["sluice_runs{state=\"Succeeded\"}"].ShouldBe(0);
        after["sluice_runs{state=\"Succeeded\"}"].ShouldBe(1);
        after["sluice_run_queue_items{state=\"Succeeded\"}"].ShouldBe(1);
        after["sluice_jobs{state=\"Succeeded\"}"].ShouldBe(jobs.Count(j => j.State == JobState.Succeeded));
        after["sluice_webhook_deliveries_total{result=\"accepted\"}"].ShouldBe(1);
        after["sluice_webhook_deliveries_total{result=\"duplicate\"}"].ShouldBe(1);
        after["sluice_webhook_deliveries_total{result=\"rejected_signature\"}"].ShouldBe(1);
        after["sluice_lease_expiries_total"].ShouldBe(before["sluice_lease_expiries_total"] + 2);
        ran.ShouldBeGreaterThan(0);
        after["sluice_job_duration_seconds_count"].ShouldBe(ran);
        after["sluice_job_duration_seconds_bucket{le=\"+Inf\"}"].ShouldBe(ran);
        after["sluice_job_duration_seconds_bucket{le=\"3600\"}"].ShouldBe(ran);
        after["sluice_job_duration_seconds_sum"].ShouldBeGreaterThan(0);
        after.Types.ShouldSatisfyAllConditions(
            t => t["sluice_runs"].ShouldBe("gauge"), t => t["sluice_webhook_deliveries_total"].ShouldBe("counter"),
            t => t["sluice_job_duration_seconds"].ShouldBe("histogram"), t => t.ContainsKey("sluice_job_queue_depth").ShouldBeFalse());
        after.Helps.ShouldBe(after.Types.Keys, ignoreOrder: true);
    }

    [Fact]
    public async Task JobQueueDepth_WithAJobQueueRegistered_IsAGaugePerLabelSet()
    {
        using var temp = new TempDirectory();
        await using var storage = await Sluice.Server.Hosting.ServerStorage.OpenAsync(temp.Path, TimeProvider.System, CancellationToken.None);
        var scrape = new MetricsScrape(new StoreCounts(storage), new ServerMetrics(), new DepthOnlyJobQueue([new("gpu,linux", 3, 1), new("", 0, 2)]));

        var metrics = MetricsScraper.Parse(await scrape.RenderAsync(CancellationToken.None));

        metrics.Types["sluice_job_queue_depth"].ShouldBe("gauge");
        metrics.Samples["sluice_job_queue_depth{labels=\"gpu,linux\",state=\"queued\"}"].ShouldBe(3);
        metrics.Samples["sluice_job_queue_depth{labels=\"gpu,linux\",state=\"leased\"}"].ShouldBe(1);
        metrics.Samples["sluice_job_queue_depth{labels=\"\",state=\"leased\"}"].ShouldBe(2);
    }

    /// <summary>A job queue that only answers <see cref="IJobQueue.DepthAsync"/>, the one call the scrape makes.</summary>
    private sealed class DepthOnlyJobQueue(IReadOnlyList<QueueDepth> depths) : IJobQueue
    {
        public Task<IReadOnlyList<QueueDepth>> DepthAsync(CancellationToken cancellationToken) => Task.FromResult(depths);

        public Task MigrateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<long> EnqueueAsync(JobTicket ticket, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<ClaimedJob?> ClaimAsync(string worker, IReadOnlyCollection<string> workerLabels, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<LeaseStatus> RenewAsync(long id, long token, TimeSpan lease, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> CompleteAsync(long id, long token, DispatchState state, string resultJson, DateTimeOffset at, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<bool> CancelAsync(long id, string reason, DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<DispatchedJob?> GetAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<SweepAction>> SweepAsync(DateTimeOffset at, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
