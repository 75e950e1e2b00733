using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>Steps, log lines, artifacts and unknown ids.</summary>
public abstract partial class RunStoreContract
{
    protected static LogLine Line(long runId, string job, long sequence, string? text = null, int attempt = 1, int step = 0, string stream = "stdout") =>
        new(runId, job, sequence, attempt, step, T0.AddSeconds(sequence), stream, text ?? $"{job} line {sequence}");

    [Fact]
    public async Task UpsertStep_SameAttemptAndIndex_UpdatesInPlace()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        var running = new StepRecord(id, "build", 1, 0, "compile", StepState.Running, null, T0, null);

        await Store.UpsertStepAsync(running, Ct);
        await Store.UpsertStepAsync(running with { State = StepState.Failed, ExitCode = 2, FinishedAt = T0.AddSeconds(3) }, Ct);

        (await Store.GetStepsAsync(id, null, Ct)).ShouldBe([running with { State = StepState.Failed, ExitCode = 2, FinishedAt = T0.AddSeconds(3) }]);
    }

    [Fact]
    public async Task UpsertStep_EachAttemptIsKept_OrderedByJobCreationAttemptAndIndex()
    {
        var id = await CreateRunAsync(jobs: ["zeta", "alpha"]);
        StepRecord Step(string job, int attempt, int index) => new(id, job, attempt, index, $"s{index}", StepState.Succeeded, 0, T0, T0.AddSeconds(1));

        foreach (var step in new[] { Step("alpha", 1, 0), Step("zeta", 2, 1), Step("zeta", 1, 1), Step("zeta", 2, 0), Step("zeta", 1, 0) })
        {
            await Store.UpsertStepAsync(step, Ct);
        }

        var all = await Store.GetStepsAsync(id, null, Ct);
        all.Select(s => (s.JobKey, s.Attempt, s.Index)).ShouldBe([("zeta", 1, 0), ("zeta", 1, 1), ("zeta", 2, 0), ("zeta", 2, 1), ("alpha", 1, 0)]);
        (await Store.GetStepsAsync(id, "alpha", Ct)).ShouldBe([Step("alpha", 1, 0)]);
    }

    [Fact]
    public async Task AppendLogs_SameSequenceTwice_KeepsTheFirstLineOnly()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Store.AppendLogsAsync([Line(id, "build", 1, "first"), Line(id, "build", 2)], Ct);
        await Store.AppendLogsAsync([Line(id, "build", 2), Line(id, "build", 1, "replayed"), Line(id, "build", 3)], Ct);

        var lines = await Store.GetLogsAsync(id, "build", 0, 100, Ct);
        lines.ShouldBe([Line(id, "build", 1, "first"), Line(id, "build", 2), Line(id, "build", 3)]);
    }

    [Fact]
    public async Task AppendLogs_OutOfOrder_ReadsBackInSequenceOrder()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Store.AppendLogsAsync([Line(id, "build", 3), Line(id, "build", 1)], Ct);
        await Store.AppendLogsAsync([Line(id, "build", 2, stream: "stderr", attempt: 2, step: 4)], Ct);

        var lines = await Store.GetLogsAsync(id, "build", 0, 100, Ct);
        lines.Select(l => l.Sequence).ShouldBe([1L, 2L, 3L]);
        lines[1].ShouldBe(Line(id, "build", 2, stream: "stderr", attempt: 2, step: 4));
    }

    [Fact]
    public async Task AppendLogs_EmptyBatch_DoesNothing()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Store.AppendLogsAsync([], Ct);

        (await Store.GetLogsAsync(id, null, 0, 100, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task GetLogs_AfterSequenceAndLimit_PageThroughEveryLineOnce()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        await Store.AppendLogsAsync(Enumerable.Range(1, 10).Select(i => Line(id, "build", i)).ToList(), Ct);

        var seen = new List<long>();
        long cursor = 0;
        while (true)
        {
            var page = await Store.GetLogsAsync(id, "build", cursor, 3, Ct);
            if (page.Count == 0)
            {
                break;
            }

            page.Count.ShouldBeLessThanOrEqualTo(3);
            seen.AddRange(page.Select(l => l.Sequence));
            cursor = page[^1].Sequence;
        }

        seen.ShouldBe(Enumerable.Range(1, 10).Select(i => (long)i));
    }

    [Fact]
    public async Task GetLogs_JobFilter_ReturnsThatJobOnly_WithoutFilterGroupsByJobCreationOrder()
    {
        var id = await CreateRunAsync(jobs: ["zeta", "alpha"]);
        var other = await CreateRunAsync(jobs: ["zeta"]);
        await Store.AppendLogsAsync([Line(id, "alpha", 1), Line(id, "zeta", 2), Line(id, "alpha", 2), Line(id, "zeta", 1), Line(other, "zeta", 3)], Ct);

        var alpha = await Store.GetLogsAsync(id, "alpha", 0, 100, Ct);
        var all = await Store.GetLogsAsync(id, null, 0, 100, Ct);
        var afterOne = await Store.GetLogsAsync(id, null, 1, 100, Ct);

        alpha.Select(l => (l.JobKey, l.Sequence)).ShouldBe([("alpha", 1L), ("alpha", 2L)]);
        all.Select(l => (l.JobKey, l.Sequence)).ShouldBe([("zeta", 1L), ("zeta", 2L), ("alpha", 1L), ("alpha", 2L)]);
        afterOne.Select(l => (l.JobKey, l.Sequence)).ShouldBe([("zeta", 2L), ("alpha", 2L)]);
    }

    [Fact]
    public async Task AddArtifact_IsListedPerRun_SamePathReplacesTheBlob()
    {
        var id = await CreateRunAsync(jobs: ["zeta", "alpha"]);
        var other = await CreateRunAsync(jobs: ["zeta"]);

        await Store.AddArtifactAsync(new ArtifactRecord(id, "alpha", "dist/app.tgz", new string('a', 64), 10), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(id, "zeta", "report.xml", new string('b', 64), 20), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(id, "alpha", "dist/app.tgz", new string('c', 64), 30), Ct);
        await Store.AddArtifactAsync(new ArtifactRecord(other, "zeta", "x", new string('d', 64), 1), Ct);

        (await Store.GetArtifactsAsync(id, Ct)).ShouldBe([
            new ArtifactRecord(id, "zeta", "report.xml", new string('b', 64), 20),
            new ArtifactRecord(id, "alpha", "dist/app.tgz", new string('c', 64), 30)]);
    }

    [Fact]
    public async Task Reads_UnknownRun_ReturnNullOrEmpty()
    {
        (await Store.GetRunAsync(424242, Ct)).ShouldBeNull();
        (await Store.GetJobsAsync(424242, Ct)).ShouldBeEmpty();
        (await Store.GetStepsAsync(424242, null, Ct)).ShouldBeEmpty();
        (await Store.GetLogsAsync(424242, null, 0, 10, Ct)).ShouldBeEmpty();
        (await Store.GetLogsAsync(424242, "build", 0, 10, Ct)).ShouldBeEmpty();
        (await Store.GetArtifactsAsync(424242, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Updates_UnknownRunOrJob_ThrowKeyNotFound()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SetRunStateAsync(424242, RunState.Running, T0, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SetRunSummaryAsync(424242, "x", Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SetJobStateAsync(id, "nope", JobState.Running, null, 1, T0, null, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SetJobStateAsync(424242, "build", JobState.Running, null, 1, T0, null, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.SetJobOutputsAsync(id, "nope", new Dictionary<string, string> { ["a"] = "b" }, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.UpsertStepAsync(new StepRecord(id, "nope", 1, 0, "s", StepState.Running, null, T0, null), Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => Store.AddArtifactAsync(new ArtifactRecord(id, "nope", "p", new string('a', 64), 1), Ct));
    }

    [Fact]
    public async Task AppendLogs_BatchWithAnUnknownJob_ThrowsAndStoresNoneOfTheBatch()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Should.ThrowAsync<KeyNotFoundException>(() => Store.AppendLogsAsync([Line(id, "build", 1), Line(id, "nope", 1)], Ct));

        (await Store.GetLogsAsync(id, null, 0, 10, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Limits_ZeroOrNegative_AreRejected()
    {
        var id = await CreateRunAsync(jobs: ["build"]);

        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.GetLogsAsync(id, null, 0, 0, Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.ListRunsAsync(new RunQuery(Limit: 0), Ct));
        await Should.ThrowAsync<ArgumentOutOfRangeException>(() => Store.PruneAsync(T0, -1, Ct));
    }
}
