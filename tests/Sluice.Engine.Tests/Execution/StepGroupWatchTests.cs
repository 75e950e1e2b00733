using System.Collections.Concurrent;
using System.Runtime.Versioning;
using Sluice.Engine.Execution;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// The <see cref="IStepGroupWatch"/> seam in real runs: every step's process group is reported started while it lives and
/// ended once — through the shell or started directly, and a step's background leftovers only when the job stops them.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class StepGroupWatchTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();
    private readonly Watch watch = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_EveryStepsGroup_IsReportedStartedAndThenEndedOnce()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              steps:
                steps:
                  - run: true
                  - run: |
                      echo "through bash"
                      sleep 300 > /dev/null 2>&1 &
                      echo $! > leftover.pid
                  - run: cat leftover.pid
            """, stepGroups: watch);

        result.State.ShouldBe(RunState.Succeeded);
        var calls = watch.Calls.ToList();
        var started = calls.Where(c => c.Call == "started").Select(c => c.Group).ToList();
        started.Count.ShouldBe(3);
        calls.Where(c => c.Call == "ended").Select(c => c.Group).Order().ShouldBe(started.Order());
        foreach (var group in started)
        {
            calls.IndexOf(("started", group)).ShouldBeLessThan(calls.IndexOf(("ended", group)));
        }


        // The leftover's group (step 2) ends after step 3 started: when the job stopped it, not when its step ended.
        calls.IndexOf(("ended", started[1])).ShouldBeGreaterThan(calls.IndexOf(("started", started[2])));
    }

    private sealed class Watch : IStepGroupWatch
    {
        public ConcurrentQueue<(string Call, int Group)> Calls { get; } = new();

        public void Started(int groupId) => Calls.Enqueue(("started", groupId));

        public void Ended(int groupId) => Calls.Enqueue(("ended", groupId));
    }
}
