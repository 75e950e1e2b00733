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
        var at = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < 4; i++)
        {
            await storage.Jobs.EnqueueAsync(new JobTicket("q1", 1, $"gpu-{i}", ["linux", "gpu"], "{}", 0, TimeSpan.Zero, TimeSpan.Zero), at, CancellationToken.None);
        }

        for (var i = 0; i < 2; i++)
        {
            await storage.Jobs.EnqueueAsync(new JobTicket("q1", 1, $"any-{i}", [], "{}", 0, TimeSpan.Zero, TimeSpan.Zero), at, CancellationToken.None);
        }

        (await storage.Jobs.ClaimAsync("agent-gpu", ["gpu", "linux"], TimeSpan.FromMinutes(1), at, CancellationToken.None)).ShouldNotBeNull();
        (await storage.Jobs.ClaimAsync("agent-plain", [], TimeSpan.FromMinutes(1), at, CancellationToken.None)).ShouldNotBeNull();
        (await storage.Jobs.ClaimAsync("agent-plain", [], TimeSpan.FromMinutes(1), at, CancellationToken.None)).ShouldNotBeNull();
        var scrape = new MetricsScrape(new StoreCounts(storage), new ServerMetrics(), storage.Jobs);

        var metrics = MetricsScraper.Parse(await scrape.RenderAsync(CancellationToken.None));

        metrics.Types["sluice_job_queue_depth"].ShouldBe("gauge");
        metrics.Samples["sluice_job_queue_depth{labels=\"gpu,linux\",state=\"queued\"}"].ShouldBe(3);
        metrics.Samples["sluice_job_queue_depth{labels=\"gpu,linux\",state=\"leased\"}"].ShouldBe(1);
        metrics.Samples["sluice_job_queue_depth{labels=\"\",state=\"leased\"}"].ShouldBe(2);
    }
}
