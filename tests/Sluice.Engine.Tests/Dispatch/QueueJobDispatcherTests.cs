using Sluice.Engine.Dispatch;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>
/// The engine's dispatch seam on a real SQLite job queue: <see cref="RunExecutor"/> hands every job to the queue and
/// turns the worker's report into the job's result; a run resumed under the same run key adopts tickets already there.
/// </summary>
public sealed class QueueJobDispatcherTests : IAsyncLifetime
{
    private const string Pipeline = """
        name: ci
        on: [push]
        jobs:
          build:
            run: echo build
            outputs: [version]
          test:
            needs: [build]
            run: echo test
        """;

    private readonly EngineHarness harness = new();
    private SqliteJobQueue queue = null!;

    public async Task InitializeAsync()
    {
        queue = new SqliteJobQueue(harness.StateDirectory.DatabasePath, TimeProvider.System);
        await queue.MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await queue.DisposeAsync();
        await harness.DisposeAsync();
    }

    [Fact]
    public async Task Run_WithADispatcher_JobsGoThroughTheQueueAndReportsBecomeResults()
    {
        var payloads = new List<JobPayload>();
        using var stop = new CancellationTokenSource();
        var worker = WorkAsync(payloads, stop.Token);

        var result = await RunAsync("q1");
        await stop.CancelAsync();
        await worker;
        var jobs = await harness.Store.GetJobsAsync(result.RunId, CancellationToken.None);

        result.State.ShouldBe(RunState.Succeeded);
        result.Jobs.Select(j => (j.Key, j.State)).ShouldBe([("build", JobState.Succeeded), ("test", JobState.Succeeded)]);
        payloads.Select(p => p.JobKey).ShouldBe(["build", "test"]);
        payloads[1].Needs.Single().Outputs.ShouldBe(new Dictionary<string, string> { ["version"] = "1.0.build" });
        payloads[1].PipelineYaml.ShouldBe(Pipeline);
        payloads.ShouldAllBe(p => p.Secrets.Count == 0 && !p.Fork);
        result.Jobs[0].Outputs["version"].ShouldBe("1.0.build");
        jobs.Select(j => j.State).ShouldBe([JobState.Succeeded, JobState.Succeeded]);
    }

    [Fact]
    public async Task Run_ResumedUnderTheSameRunKey_AdoptsTheTicketsAlreadyFinished()
    {
        var report = new JobReport(JobState.Succeeded, null, 1, TimeProvider.System.GetUtcNow(), TimeProvider.System.GetUtcNow(),
            new Dictionary<string, string> { ["version"] = "from-before" }, false, "", []);
        foreach (var key in new[] { "build", "test" })
        {
            await queue.EnqueueAsync(new JobTicket("q7", 999, key, [], "{}", 0, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1)), TimeProvider.System.GetUtcNow(), CancellationToken.None);
            var claimed = (await queue.ClaimAsync("old-agent", [], TimeSpan.FromMinutes(1), TimeProvider.System.GetUtcNow(), CancellationToken.None))!;
            await queue.CompleteAsync(claimed.Id, claimed.Token, DispatchState.Succeeded, DispatchJson.Serialize(report), TimeProvider.System.GetUtcNow(), CancellationToken.None);
        }

        var result = await RunAsync("q7");
        var jobs = await harness.Store.GetJobsAsync(result.RunId, CancellationToken.None);

        result.State.ShouldBe(RunState.Succeeded);
        result.Jobs.ShouldAllBe(j => j.Outputs["version"] == "from-before");
        jobs.ShouldAllBe(j => j.State == JobState.Succeeded && j.Outputs["version"] == "from-before");
    }

    [Fact]
    public async Task Run_JobNobodyPicksUp_FailsWithTheQueuesReasonAndItsDependentIsSkipped()
    {
        using var sweeping = new CancellationTokenSource();
        var sweeper = new JobSweeper(queue, TimeProvider.System, TimeSpan.FromMilliseconds(100), _ => { }, _ => { }).RunAsync(sweeping.Token);

        var result = await RunAsync("q3", pickup: TimeSpan.FromMilliseconds(300));
        await sweeping.CancelAsync();
        await sweeper;

        result.State.ShouldBe(RunState.Failed);
        result.Jobs[0].State.ShouldBe(JobState.Failed);
        result.Jobs[0].Reason!.ShouldStartWith("no agent picked it up within");
        result.Jobs[1].State.ShouldBe(JobState.Skipped);
    }

    private Task<RunResult> RunAsync(string runKey, TimeSpan? pickup = null)
    {
        var dispatcher = new QueueJobDispatcher(queue, runKey, new DispatchSettings("test", null, Pipeline, false, 0, pickup ?? TimeSpan.FromMinutes(1), TimeSpan.FromHours(1)));
        var options = new RunOptions(4, harness.StateDirectory, "test:" + Environment.ProcessId, TimeSpan.FromMilliseconds(500), Repository: "test", Dispatcher: dispatcher);
        var request = new RunRequest(EngineHarness.Plan(Pipeline), EngineHarness.Push, new Dictionary<string, string>(), new Dictionary<string, string>(), harness.Workspace, options);
        return new RunExecutor(harness.Store, harness, TimeProvider.System).ExecuteAsync(request, CancellationToken.None, CancellationToken.None);
    }

    /// <summary>A stand-in worker on the real queue: claims, reports success with an output derived from the job key.</summary>
    private async Task WorkAsync(List<JobPayload> payloads, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var claimed = await queue.ClaimAsync("worker", [], TimeSpan.FromMinutes(1), TimeProvider.System.GetUtcNow(), CancellationToken.None);
            if (claimed is null)
            {
                try
                {
                    await queue.WaitAsync(TimeSpan.FromMilliseconds(100), stop);
                }
                catch (OperationCanceledException)
                {
                }

                continue;
            }

            var payload = DispatchJson.Deserialize<JobPayload>(claimed.Ticket.Payload)!;
            payloads.Add(payload);
            var now = TimeProvider.System.GetUtcNow();
            var outputs = new Dictionary<string, string> { ["version"] = "1.0." + payload.JobKey };
            await queue.CompleteAsync(claimed.Id, claimed.Token, DispatchState.Succeeded,
                DispatchJson.Serialize(new JobReport(JobState.Succeeded, null, 1, now, now, outputs, false, "", [])), now, CancellationToken.None);
        }
    }
}
