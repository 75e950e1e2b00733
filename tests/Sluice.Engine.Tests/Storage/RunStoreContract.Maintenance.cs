using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>Listing, interruption, retention and concurrency.</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task ListRuns_NewestCreatedFirst()
    {
        var middle = await CreateRunAsync(createdAt: T0.AddMinutes(1), jobs: ["a"]);
        var oldest = await CreateRunAsync(createdAt: T0, jobs: ["a"]);
        var newest = await CreateRunAsync(createdAt: T0.AddMinutes(2), jobs: ["a"]);

        (await Store.ListRunsAsync(new RunQuery(), Ct)).Select(r => r.Id).ShouldBe([newest, middle, oldest]);
    }

    [Fact]
    public async Task ListRuns_FiltersByPipelineStateAndRepository_AndHonoursLimit()
    {
        var ci1 = await CreateRunAsync("ci", T0, jobs: ["a"]);
        var release = await CreateRunAsync("release", T0.AddSeconds(1), jobs: ["a"]);
        var ci2 = await CreateRunAsync("ci", T0.AddSeconds(2), jobs: ["a"]);
        var elsewhere = await Store.CreateRunAsync(ARun("ci", T0.AddSeconds(3), repository: "/other"), [], Ct);
        await Store.SetRunStateAsync(ci1, RunState.Failed, T0.AddSeconds(5), Ct);

        (await Store.ListRunsAsync(new RunQuery(PipelineId: "ci"), Ct)).Select(r => r.Id).ShouldBe([elsewhere, ci2, ci1]);
        (await Store.ListRunsAsync(new RunQuery(State: RunState.Failed), Ct)).Select(r => r.Id).ShouldBe([ci1]);
        (await Store.ListRunsAsync(new RunQuery(Repository: "/repo", PipelineId: "ci", State: RunState.Queued), Ct)).Select(r => r.Id).ShouldBe([ci2]);
        (await Store.ListRunsAsync(new RunQuery(Limit: 2), Ct)).Select(r => r.Id).ShouldBe([elsewhere, ci2]);
        (await Store.ListRunsAsync(new RunQuery(Repository: "/repo"), Ct)).Select(r => r.Id).ShouldBe([ci2, release, ci1]);
    }

    [Fact]
    public async Task MarkInterrupted_DeadOwner_InterruptsRunAndCancelsItsUnfinishedJobsOnly()
    {
        var id = await CreateRunAsync(owner: "host-a:1:1", jobs: ["done", "running", "pending"]);
        await Store.SetRunStateAsync(id, RunState.Running, T0, Ct);
        await Store.SetJobStateAsync(id, "done", JobState.Succeeded, null, 1, T0, T0.AddSeconds(1), Ct);
        await Store.SetJobStateAsync(id, "running", JobState.Running, null, 1, T0.AddSeconds(1), null, Ct);
        await Store.UpsertStepAsync(new StepRecord(id, "running", 1, 0, "work", StepState.Running, null, T0.AddSeconds(1), null), Ct);

        var interrupted = await Store.MarkInterruptedAsync(_ => false, T0.AddMinutes(1), Ct);

        interrupted.ShouldBe([id]);
        var run = (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull();
        (run.State, run.StartedAt, run.FinishedAt).ShouldBe((RunState.Interrupted, T0, T0.AddMinutes(1)));
        var jobs = await Store.GetJobsAsync(id, Ct);
        jobs.Select(j => (j.Key, j.State, j.Reason)).ShouldBe([
            ("done", JobState.Succeeded, null),
            ("running", JobState.Cancelled, "interrupted"),
            ("pending", JobState.Cancelled, "interrupted")]);
        (jobs[0].FinishedAt, jobs[1].StartedAt, jobs[1].FinishedAt).ShouldBe((T0.AddSeconds(1), T0.AddSeconds(1), T0.AddMinutes(1)));
        (await Store.GetStepsAsync(id, "running", Ct)).Single().State.ShouldNotBe(StepState.Running);
    }

    [Fact]
    public async Task MarkInterrupted_OnlyAsksAboutUnfinishedRuns_AndLeavesLiveOwnersAlone()
    {
        var alive = await CreateRunAsync(owner: "host-a:1:1", jobs: ["a"]);
        var deadQueued = await CreateRunAsync(owner: "host-a:2:2", jobs: ["a"]);
        var deadFinished = await CreateRunAsync(owner: "host-a:3:3", jobs: ["a"]);
        await Store.SetRunStateAsync(alive, RunState.Running, T0, Ct);
        await Store.SetRunStateAsync(deadFinished, RunState.Succeeded, T0, Ct);
        var asked = new List<string>();

        var interrupted = await Store.MarkInterruptedAsync(owner => { asked.Add(owner); return owner == "host-a:1:1"; }, T0.AddMinutes(1), Ct);

        interrupted.ShouldBe([deadQueued]);
        asked.ShouldBe(["host-a:1:1", "host-a:2:2"], ignoreOrder: true);
        (await Store.GetRunAsync(alive, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Running);
        (await Store.GetRunAsync(deadFinished, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Succeeded);
        (await Store.GetJobsAsync(alive, Ct))[0].State.ShouldBe(JobState.Pending);
        (await Store.MarkInterruptedAsync(_ => false, T0.AddMinutes(2), Ct)).ShouldBe([alive]);
    }

    [Fact]
    public async Task Prune_KeepsTheNewestNAndUnfinishedRuns_DeletesTheRestWithTheirRecords()
    {
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            var id = await CreateRunAsync(createdAt: T0.AddMinutes(i), jobs: ["build"]);
            await Store.SetRunStateAsync(id, RunState.Succeeded, T0.AddMinutes(i), Ct);
            await Store.AppendLogsAsync([Line(id, "build", 1), Line(id, "build", 2)], Ct);
            await Store.UpsertStepAsync(new StepRecord(id, "build", 1, 0, "s", StepState.Succeeded, 0, T0, T0), Ct);
            await Store.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["v"] = "1" }, Ct);
            ids.Add(id);
        }

        await Store.SetRunStateAsync(ids[0], RunState.Running, T0, Ct);

        var result = await Store.PruneAsync(T0.AddDays(1), keepLast: 2, Ct);

        (result.RunsDeleted, result.LogLinesDeleted).ShouldBe((2, 4));
        (await Store.ListRunsAsync(new RunQuery(), Ct)).Select(r => r.Id).ShouldBe([ids[4], ids[3], ids[0]]);
        foreach (var gone in new[] { ids[1], ids[2] })
        {
            (await Store.GetRunAsync(gone, Ct)).ShouldBeNull();
            (await Store.GetJobsAsync(gone, Ct)).ShouldBeEmpty();
            (await Store.GetStepsAsync(gone, null, Ct)).ShouldBeEmpty();
            (await Store.GetLogsAsync(gone, null, 0, 10, Ct)).ShouldBeEmpty();
        }

        (await Store.GetLogsAsync(ids[3], null, 0, 10, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Prune_KeepsRunsCreatedAtOrAfterTheCutoff()
    {
        var old = await CreateRunAsync(createdAt: T0, jobs: ["a"]);
        var recent = await CreateRunAsync(createdAt: T0.AddDays(10), jobs: ["a"]);
        await Store.SetRunStateAsync(old, RunState.Failed, T0, Ct);
        await Store.SetRunStateAsync(recent, RunState.Failed, T0.AddDays(10), Ct);

        var result = await Store.PruneAsync(T0.AddDays(10), keepLast: 0, Ct);

        result.RunsDeleted.ShouldBe(1);
        (await Store.ListRunsAsync(new RunQuery(), Ct)).Select(r => r.Id).ShouldBe([recent]);
    }

    [Fact]
    public async Task Prune_ReturnsOnlyBlobsNoRemainingArtifactReferences()
    {
        var (shared, onlyOld, onlyNew) = (new string('a', 64), new string('b', 64), new string('c', 64));
        var old = await CreateRunAsync(createdAt: T0, jobs: ["a"]);
        var kept = await CreateRunAsync(createdAt: T0.AddDays(5), jobs: ["a"]);
        await Store.SetRunStateAsync(old, RunState.Succeeded, T0, Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(old, "a", "x", shared, 1), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(old, "a", "y", onlyOld, 1), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(kept, "a", "x", shared, 1), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(kept, "a", "z", onlyNew, 1), Ct);

        var result = await Store.PruneAsync(T0.AddDays(1), keepLast: 0, Ct);

        result.UnreferencedBlobs.ShouldBe([onlyOld]);
        (await Store.GetArtifactsAsync(kept, Ct)).Count.ShouldBe(2);
    }

    [Fact]
    public async Task Prune_NothingToDelete_ReturnsZeroes()
    {
        await CreateRunAsync(jobs: ["a"]);

        var result = await Store.PruneAsync(T0.AddYears(1), keepLast: 0, Ct);

        (result.RunsDeleted, result.LogLinesDeleted, result.UnreferencedBlobs.Count).ShouldBe((0, 0, 0));
    }

    [Fact]
    public async Task Prune_DeletedParent_LeavesTheRerunWithoutParent()
    {
        var parent = await CreateRunAsync(createdAt: T0, jobs: ["a"]);
        await Store.SetRunStateAsync(parent, RunState.Failed, T0, Ct);
        var rerun = await Store.CreateRunAsync(ARun(createdAt: T0.AddDays(3), parent: parent), [AJob("a")], Ct);

        await Store.PruneAsync(T0.AddDays(1), keepLast: 0, Ct);

        (await Store.GetRunAsync(rerun, Ct)).ShouldNotBeNull().ParentRunId.ShouldBeNull();
    }

    [Fact]
    public async Task AppendLogs_EightConcurrentWriters_LoseNothingAndStoreReplaysOnce()
    {
        var id = await CreateRunAsync(jobs: [.. Enumerable.Range(0, 8).Select(i => $"job{i}")]);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var batch = 0; batch < 25; batch++)
            {
                var lines = Enumerable.Range(1, 20).Select(i => Line(id, $"job{w}", (batch * 20) + i)).ToList();
                await Store.AppendLogsAsync(lines, Ct);
                await Store.AppendLogsAsync(lines.Take(5).ToList(), Ct);
                await Store.SetJobStateAsync(id, $"job{w}", JobState.Running, null, batch + 1, T0, null, Ct);
            }
        })));

        for (var w = 0; w < 8; w++)
        {
            (await Store.GetLogsAsync(id, $"job{w}", 0, 10_000, Ct)).Select(l => l.Sequence).ShouldBe(Enumerable.Range(1, 500).Select(i => (long)i));
        }

        (await Store.GetJobsAsync(id, Ct)).ShouldAllBe(j => j.Attempts == 25);
    }
}
