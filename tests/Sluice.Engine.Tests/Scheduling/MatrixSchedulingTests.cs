using System.Globalization;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Scheduling;

public sealed class MatrixSchedulingTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_MatrixFailFast_CancelsSiblingInstancesWithReason()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              test:
                matrix:
                  n: ["1", "2", "3"]
                  fail-fast: true
                run: |
                  if [ "$SLUICE_MATRIX_N" = 1 ]; then exit 1; fi
                  sleep 20
            """, maxParallel: 3);

        result.State.ShouldBe(RunState.Failed);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(15));
        result.Jobs.Single(j => j.Key == "test (n=1)").State.ShouldBe(JobState.Failed);
        foreach (var sibling in result.Jobs.Where(j => j.Key != "test (n=1)"))
        {
            sibling.State.ShouldBe(JobState.Cancelled);
            sibling.Reason.ShouldBe("fail-fast: `test (n=1)` failed");
        }
    }

    [Fact]
    public async Task Run_MatrixWithoutFailFast_RunsEveryInstance()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              test:
                matrix:
                  n: ["1", "2"]
                  fail-fast: false
                run: |
                  if [ "$SLUICE_MATRIX_N" = 1 ]; then exit 1; fi
            """);

        result.Jobs.Select(j => j.State).ShouldBe([JobState.Failed, JobState.Succeeded]);
    }

    [Fact]
    public async Task Run_MatrixMaxParallel_RunsAtMostThatManyInstancesAtOnce()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              test:
                matrix:
                  n: ["1", "2", "3", "4"]
                  max-parallel: 2
                run: |
                  echo "start $(date +%s%N)" >> "times-$SLUICE_MATRIX_N.txt"
                  sleep 1
                  echo "end $(date +%s%N)" >> "times-$SLUICE_MATRIX_N.txt"
            """, maxParallel: 4);

        result.State.ShouldBe(RunState.Succeeded);
        var intervals = Enumerable.Range(1, 4).Select(n => Interval(File.ReadAllLines(Path.Combine(harness.Workspace, $"times-{n}.txt")))).ToList();
        Timeline.MaxConcurrent(intervals).ShouldBe(2);
    }

    private static (long Start, long End) Interval(string[] lines) =>
        (long.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture), long.Parse(lines[1].Split(' ')[1], CultureInfo.InvariantCulture));
}
