using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Execution;

public sealed class ProcessTreeKillTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();
    private readonly string marker = "sluice-marker-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    private string Pipeline(string stepExtra) => $$"""
        on: { push: { branches: [main] } }
        jobs:
          spawner:
            steps:
              - name: spawn
                {{stepExtra}}
                run: |
                  bash -c "sleep 300; : {{marker}}-a" &
                  bash -c "trap '' TERM; sleep 300; : {{marker}}-b" &
                  # `[ab]` keeps grep from matching its own command line.
                  until [ "$(grep -l '{{marker}}-[ab]' /proc/[0-9]*/cmdline 2>/dev/null | wc -l)" -ge 2 ]; do sleep 0.05; done
                  echo ready
                  sleep 300
        """;

    [Fact]
    public async Task Timeout_StepWithBackgroundChildren_LeavesNoProcessBehind()
    {
        var result = await harness.RunAsync(Pipeline("timeout: 3s"));

        result.Jobs.Single().State.ShouldBe(JobState.Failed);
        harness.Output(result.RunId, "spawner").ShouldContain("ready");
        ProcFs.FindProcesses(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_StepWithBackgroundChildren_LeavesNoProcessBehindAndReportsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var running = harness.RunAsync(Pipeline(""), cancel: cancel.Token);
        await WaitForLineAsync("ready");
        ProcFs.FindProcesses(marker).Count.ShouldBe(2);

        await cancel.CancelAsync();
        var result = await running;

        result.State.ShouldBe(RunState.Cancelled);
        var job = result.Jobs.Single();
        job.State.ShouldBe(JobState.Cancelled);
        job.Reason.ShouldBe("run cancelled");
        ProcFs.FindProcesses(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task BackgroundProcessOfAStep_RunsDuringLaterStepsAndIsStoppedWhenTheJobEnds()
    {
        var result = await harness.RunAsync($$"""
            on: { push: { branches: [main] } }
            jobs:
              service:
                steps:
                  - run: |
                      bash -c "sleep 300; : {{marker}}-bg" > /dev/null 2>&1 &
                      until grep -q '{{marker}}-[b]g' /proc/[0-9]*/cmdline 2>/dev/null; do sleep 0.05; done
                  - run: |
                      { grep -l '{{marker}}-[b]g' /proc/[0-9]*/cmdline 2>/dev/null || true; } | wc -l
            """);

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "service").Last().ShouldBe("1"); // still running during the second step
        ProcFs.FindProcesses(marker).ShouldBeEmpty();
    }

    private async Task WaitForLineAsync(string text)
    {
        for (var i = 0; i < 400; i++)
        {
            if (harness.Events.OfType<LogEvent>().Any(e => e.Text == text))
            {
                return;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no log line `{text}`");
    }
}
