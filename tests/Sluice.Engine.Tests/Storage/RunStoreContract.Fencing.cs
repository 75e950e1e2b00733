using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>
/// Fenced writes (<see cref="IRunStore.FencedTo"/>): a server that stalled past its lease while another server took
/// its run over must not write to that run any more, whatever it was doing when it stalled.
/// </summary>
public abstract partial class RunStoreContract
{
    private const string Stalled = "host-a:100:5000#stalled";

    [Fact]
    public async Task FencedWrites_OfTheOwner_ApplyAsUnfenced()
    {
        var id = await CreateRunAsync(owner: Stalled, jobs: ["build"]);
        var fenced = Store.FencedTo(new RunFence(Stalled));

        await fenced.SetRunStateAsync(id, RunState.Running, T0, Ct);
        await fenced.SetJobStateAsync(id, "build", JobState.Succeeded, null, 1, T0, T0.AddSeconds(1), Ct);
        await fenced.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["v"] = "1" }, Ct);
        await fenced.UpsertStepAsync(new StepRecord(id, "build", 1, 0, "make", StepState.Succeeded, 0, T0, T0.AddSeconds(1)), Ct);
        await fenced.AppendLogsAsync([new LogLine(id, "build", 1, 1, 0, T0, "stdout", "ok")], Ct);
        await fenced.SetRunSummaryAsync(id, "done", Ct);
        await fenced.SetRunStateAsync(id, RunState.Succeeded, T0.AddSeconds(2), Ct);
        await fenced.DisposeAsync(); // a view: the store stays usable

        (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Succeeded);
        (await Store.GetJobsAsync(id, Ct)).Single().Outputs.ShouldBe(new Dictionary<string, string> { ["v"] = "1" });
        (await Store.GetLogsAsync(id, null, 0, 10, Ct)).Single().Text.ShouldBe("ok");
    }

    [Fact]
    public async Task FencedWrites_AfterATakeover_AreRejectedAndWriteNothing()
    {
        var id = await CreateRunAsync(owner: Stalled, jobs: ["build", "deploy"]);
        var stale = Store.FencedTo(new RunFence(Stalled));
        await stale.SetRunStateAsync(id, RunState.Running, T0, Ct);
        await stale.SetJobStateAsync(id, "build", JobState.Running, null, 1, T0, null, Ct);

        // Another server finds the owner's lease expired and takes the run over.
        (await Store.MarkInterruptedAsync(owner => owner != Stalled, T0.AddMinutes(1), Ct)).ShouldBe([id]);

        // The stalled server wakes up and goes on where it was.
        Func<Task>[] writes =
        [
            () => stale.SetJobStateAsync(id, "build", JobState.Succeeded, null, 1, null, T0.AddMinutes(2), Ct),
            () => stale.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["v"] = "1" }, Ct),
            () => stale.UpsertStepAsync(new StepRecord(id, "build", 1, 0, "make", StepState.Succeeded, 0, T0, T0.AddMinutes(2)), Ct),
            () => stale.AppendLogsAsync([new LogLine(id, "build", 1, 1, 0, T0, "stdout", "late")], Ct),
            () => stale.AddArtifactAsync(new ArtifactRecord(id, "build", "out.txt", new string('a', 64), 1), Ct),
            () => stale.SetRunSummaryAsync(id, "late", Ct),
            () => stale.SetRunStateAsync(id, RunState.Succeeded, T0.AddMinutes(2), Ct),
        ];
        foreach (var write in writes)
        {
            await Should.ThrowAsync<RunOwnershipLostException>(write);
        }

        var run = (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull();
        (run.State, run.Summary, run.FinishedAt).ShouldBe((RunState.Interrupted, null, T0.AddMinutes(1)));
        (await Store.GetJobsAsync(id, Ct)).Select(j => (j.Key, j.State, j.Outputs.Count)).ShouldBe([("build", JobState.Cancelled, 0), ("deploy", JobState.Cancelled, 0)]);
        (await Store.GetStepsAsync(id, null, Ct)).ShouldBeEmpty();
        (await Store.GetLogsAsync(id, null, 0, 10, Ct)).ShouldBeEmpty();
        (await Store.GetArtifactsAsync(id, Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task FencedWrites_InABatch_AfterATakeover_AreEachRejected()
    {
        var id = await CreateRunAsync(owner: Stalled, jobs: ["build"]);
        var stale = Store.FencedTo(new RunFence(Stalled));
        await Store.MarkInterruptedAsync(_ => false, T0.AddMinutes(1), Ct);
        var errors = new List<Exception>();

        await stale.WriteBatchAsync(
            [(s, ct) => s.SetJobStateAsync(id, "build", JobState.Succeeded, null, 1, T0, T0.AddMinutes(2), ct), (s, ct) => s.SetRunStateAsync(id, RunState.Succeeded, T0.AddMinutes(2), ct)],
            errors.Add, Ct);

        errors.Count.ShouldBe(2);
        errors.ShouldAllBe(e => e is RunOwnershipLostException);
        (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Interrupted);
    }

    [Fact]
    public async Task FencedWrites_OnceTheWritersLeaseIsLost_AreRejectedBeforeTheDatabase()
    {
        var id = await CreateRunAsync(owner: Stalled, jobs: ["build"]);
        var held = true;
        var fenced = Store.FencedTo(new RunFence(Stalled, 0, () => held));
        await fenced.SetJobStateAsync(id, "build", JobState.Running, null, 1, T0, null, Ct);

        held = false;

        await Should.ThrowAsync<RunOwnershipLostException>(() => fenced.SetJobStateAsync(id, "build", JobState.Cancelled, "aborted", 1, null, T0.AddSeconds(5), Ct));
        await Should.ThrowAsync<RunOwnershipLostException>(() => fenced.SetRunStateAsync(id, RunState.Cancelled, T0.AddSeconds(5), Ct));
        (await Store.GetJobsAsync(id, Ct)).Single().State.ShouldBe(JobState.Running);
        (await Store.GetRunAsync(id, Ct)).ShouldNotBeNull().State.ShouldBe(RunState.Queued);
    }

    [Fact]
    public async Task FencedWrites_ToAnotherOwnersRun_AreRejected_AndUnknownRunsStillThrowKeyNotFound()
    {
        var others = await CreateRunAsync(owner: "host-b:1:1#other", jobs: ["build"]);
        var own = await CreateRunAsync(owner: Stalled, jobs: ["build"]);
        var fenced = Store.FencedTo(new RunFence(Stalled));

        await Should.ThrowAsync<RunOwnershipLostException>(() => fenced.SetJobStateAsync(others, "build", JobState.Running, null, 1, T0, null, Ct));
        await Should.ThrowAsync<RunOwnershipLostException>(() => fenced.SetRunStateAsync(others, RunState.Running, T0, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => fenced.SetRunStateAsync(own + 100, RunState.Running, T0, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => fenced.SetJobStateAsync(own, "nope", JobState.Running, null, 1, T0, null, Ct));
        await Should.ThrowAsync<KeyNotFoundException>(() => fenced.AppendLogsAsync([new LogLine(own + 100, "build", 1, 1, 0, T0, "stdout", "x")], Ct));
        (await Store.GetJobsAsync(others, Ct)).Single().State.ShouldBe(JobState.Pending);
    }
}
