using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

/// <summary>
/// An executor under a lease (<see cref="Sluice.Engine.Runs.RunOptions.LeaseHeld"/>, the server's): once the lease is
/// lost, no further job starts and nothing more is recorded — the run belongs to whoever took it over.
/// </summary>
public sealed class RunLeaseTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_LeaseLostDuringAJob_StartsNoFurtherJob_AndRecordsNothingMore()
    {
        // The lease runs out while `build` runs (its step is what a stalled server was doing).
        var built = Path.Combine(harness.Workspace, "built.txt");

        var run = harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                run: touch built.txt
              test:
                needs: [build]
                run: touch tested.txt
            """, leaseHeld: () => !File.Exists(built));
        var failure = await Should.ThrowAsync<InvalidOperationException>(run);

        failure.InnerException.ShouldBeOfType<RunOwnershipLostException>();
        File.Exists(built).ShouldBeTrue();
        File.Exists(Path.Combine(harness.Workspace, "tested.txt")).ShouldBeFalse("no job starts once the lease is lost");
        var stored = (await harness.Store.ListRunsAsync(new RunQuery(), default)).ShouldHaveSingleItem();
        // Writes are checked when applied, so the start may or may not have been recorded; an end never is.
        stored.State.ShouldBeOneOf(RunState.Queued, RunState.Running);
        var jobs = await harness.Store.GetJobsAsync(stored.Id, default);
        jobs.Single(j => j.Key == "build").State.ShouldBeOneOf(JobState.Pending, JobState.Running);
        jobs.Single(j => j.Key == "test").State.ShouldBe(JobState.Pending);
    }

    [Fact]
    public async Task Run_LeaseHeldThroughout_RecordsAsUsual()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                run: echo ok
            """, leaseHeld: () => true);

        result.State.ShouldBe(RunState.Succeeded);
        (await harness.Store.GetRunAsync(result.RunId, default))!.State.ShouldBe(RunState.Succeeded);
    }
}
