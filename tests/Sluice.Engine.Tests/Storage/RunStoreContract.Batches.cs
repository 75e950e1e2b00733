using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>Batches of writes (<see cref="IRunStore.WriteBatchAsync"/>).</summary>
public abstract partial class RunStoreContract
{
    [Fact]
    public async Task WriteBatch_AppliesEveryWriteInOrder()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        var step = new StepRecord(id, "build", 1, 1, "compile", StepState.Running, null, T0, null);
        var errors = new List<Exception>();

        await Store.WriteBatchAsync(
            [
                (s, ct) => s.SetJobStateAsync(id, "build", JobState.Running, null, 1, T0, null, ct),
                (s, ct) => s.UpsertStepAsync(step, ct),
                (s, ct) => s.AppendLogsAsync([Line(id, "build", 1), Line(id, "build", 2)], ct),
                (s, ct) => s.UpsertStepAsync(step with { State = StepState.Succeeded, ExitCode = 0, FinishedAt = T0.AddSeconds(2) }, ct),
                (s, ct) => s.SetJobStateAsync(id, "build", JobState.Succeeded, null, 1, null, T0.AddSeconds(3), ct),
            ],
            errors.Add,
            Ct);

        errors.ShouldBeEmpty();
        var job = (await Store.GetJobsAsync(id, Ct)).Single();
        (job.State, job.StartedAt, job.FinishedAt).ShouldBe((JobState.Succeeded, T0, T0.AddSeconds(3)));
        (await Store.GetStepsAsync(id, null, Ct)).ShouldBe([step with { State = StepState.Succeeded, ExitCode = 0, FinishedAt = T0.AddSeconds(2) }]);
        (await Store.GetLogsAsync(id, null, 0, 10, Ct)).ShouldBe([Line(id, "build", 1), Line(id, "build", 2)]);
    }

    [Fact]
    public async Task WriteBatch_AFailingWrite_IsReportedAndLeavesNoTrace_TheOthersApply()
    {
        var id = await CreateRunAsync(jobs: ["build"]);
        var errors = new List<Exception>();

        await Store.WriteBatchAsync(
            [
                (s, ct) => s.AppendLogsAsync([Line(id, "build", 1)], ct),
                (s, ct) => s.AppendLogsAsync([Line(id, "build", 2), Line(id, "nope", 1)], ct),
                (s, ct) => s.SetJobStateAsync(id, "nope", JobState.Running, null, 1, T0, null, ct),
                (s, ct) => s.AppendLogsAsync([Line(id, "build", 3)], ct),
            ],
            errors.Add,
            Ct);

        errors.Count.ShouldBe(2);
        errors.ShouldAllBe(e => e is KeyNotFoundException);
        (await Store.GetLogsAsync(id, null, 0, 10, Ct)).Select(l => l.Sequence).ShouldBe([1L, 3L]);
    }
}
