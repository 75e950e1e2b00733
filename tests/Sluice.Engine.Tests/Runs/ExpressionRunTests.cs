using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

public sealed class ExpressionRunTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_OutputsOfANeededJob_AreAvailableAsNeedsOutputs()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              version:
                outputs:
                  tag: v${{ steps.compute.outputs.number }}
                steps:
                  - id: compute
                    run: echo "number=1.4.2" >> "$SLUICE_OUTPUT"
              release:
                needs: [version]
                env:
                  TAG: ${{ needs.version.outputs.tag }}
                run: |
                  echo "tag=$TAG raw=${{ needs.version.outputs.number }} result=${{ needs.version.result }}"
            """);

        result.State.ShouldBe(RunState.Succeeded);
        result.Jobs[0].Outputs["tag"].ShouldBe("v1.4.2");
        harness.Output(result.RunId, "release").ShouldBe(["tag=v1.4.2 raw=1.4.2 result=success"]);
    }

    [Fact]
    public async Task Run_StatusFunctions_DecideWhichJobsRunAfterAFailure()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                run: exit 1
              test:
                needs: [build]
                run: echo never
              notify:
                needs: [test]
                if: failure()
                run: echo "build=${{ needs.test.result }}"
              cleanup:
                needs: [build]
                if: always()
                run: echo cleaned
              on-success:
                needs: [build]
                if: success()
                run: echo never
              conditional:
                if: event.branch == 'other'
                run: echo never
            """);

        result.State.ShouldBe(RunState.Failed);
        State(result, "test").ShouldBe((JobState.Skipped, "needs `build` failed"));
        State(result, "notify").ShouldBe((JobState.Succeeded, null));
        harness.Output(result.RunId, "notify").ShouldBe(["build=skipped"]);
        State(result, "cleanup").ShouldBe((JobState.Succeeded, null));
        State(result, "on-success").ShouldBe((JobState.Skipped, "needs `build` failed"));
        State(result, "conditional").State.ShouldBe(JobState.Skipped);
    }

    [Fact]
    public async Task Run_StepConditions_SeeTheJobStatusSoFar()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                steps:
                  - id: first
                    run: exit 2
                  - run: echo skipped-step
                  - if: failure()
                    run: echo "on-failure outcome=${{ steps.first.outcome }}"
                  - if: always()
                    run: echo always-step
            """);

        harness.Output(result.RunId, "build").ShouldBe(["on-failure outcome=failure", "always-step"]);
        result.Jobs.Single().State.ShouldBe(JobState.Failed);
    }

    [Fact]
    public async Task Run_Matrix_ExposesValuesToExpressions()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              test:
                matrix:
                  python: ["3.11", "3.12"]
                run: echo "py=${{ matrix.python }} env=$SLUICE_MATRIX_PYTHON"
            """);

        harness.Output(result.RunId, "test (python=3.11)").ShouldBe(["py=3.11 env=3.11"]);
        harness.Output(result.RunId, "test (python=3.12)").ShouldBe(["py=3.12 env=3.12"]);
    }

    [Fact]
    public async Task Cancel_RunningJobIsCancelledAndAlwaysJobsStillRun()
    {
        using var cancel = new CancellationTokenSource();
        var running = harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              long:
                steps:
                  - run: |
                      echo started
                      sleep 60
                  - if: cancelled()
                    run: echo cleanup-step
              after:
                needs: [long]
                run: echo never
              report:
                needs: [long]
                if: always()
                run: echo "report cancelled=${{ needs.long.result }}"
            """, cancel: cancel.Token);
        await WaitForLineAsync("started");

        await cancel.CancelAsync();
        var result = await running;

        result.State.ShouldBe(RunState.Cancelled);
        State(result, "long").ShouldBe((JobState.Cancelled, "run cancelled"));
        harness.Output(result.RunId, "long").ShouldContain("cleanup-step");
        State(result, "after").ShouldBe((JobState.Cancelled, "run cancelled"));
        State(result, "report").State.ShouldBe(JobState.Succeeded);
        harness.Output(result.RunId, "report").ShouldBe(["report cancelled=cancelled"]);
        result.Duration.ShouldBeLessThan(TimeSpan.FromSeconds(20));
    }

    private static (JobState State, string? Reason) State(RunResult result, string key)
    {
        var job = result.Jobs.Single(j => j.Key == key);
        return (job.State, job.Reason);
    }

    private async Task WaitForLineAsync(string text)
    {
        for (var i = 0; i < 400 && !harness.Events.OfType<LogEvent>().Any(e => e.Text == text); i++)
        {
            await Task.Delay(25);
        }
    }
}
