using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

public sealed class RunExecutorTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_JobsWithNeeds_RunInOrderAndSucceed()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                run: echo built >> order.txt
              test:
                needs: [build]
                run: echo tested >> order.txt
            """);

        result.State.ShouldBe(RunState.Succeeded);
        result.Jobs.Select(j => (j.Key, j.State)).ShouldBe([("build", JobState.Succeeded), ("test", JobState.Succeeded)]);
        File.ReadAllLines(Path.Combine(harness.Workspace, "order.txt")).ShouldBe(["built", "tested"]);
        var stored = await harness.Store.GetRunAsync(result.RunId, default);
        stored!.State.ShouldBe(RunState.Succeeded);
        (await harness.Store.GetJobsAsync(result.RunId, default)).Select(j => j.State).ShouldAllBe(s => s == JobState.Succeeded);
    }

    [Fact]
    public async Task Run_FailingStep_FailsJobAndSkipsDependentsWithReason()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                steps:
                  - name: compile
                    run: exit 3
                  - name: never
                    run: touch never.txt
              test:
                needs: [build]
                run: touch test.txt
              lint:
                run: echo lint
            """);

        result.State.ShouldBe(RunState.Failed);
        var build = result.Jobs.Single(j => j.Key == "build");
        build.State.ShouldBe(JobState.Failed);
        build.Reason.ShouldBe("step `compile` failed (exit code 3)");
        var test = result.Jobs.Single(j => j.Key == "test");
        test.State.ShouldBe(JobState.Skipped);
        test.Reason.ShouldBe("needs `build` failed");
        result.Jobs.Single(j => j.Key == "lint").State.ShouldBe(JobState.Succeeded);
        File.Exists(Path.Combine(harness.Workspace, "never.txt")).ShouldBeFalse();
        File.Exists(Path.Combine(harness.Workspace, "test.txt")).ShouldBeFalse();
        var steps = await harness.Store.GetStepsAsync(result.RunId, "build", default);
        steps.Select(s => (s.Name, s.State, s.ExitCode)).ShouldBe([("compile", StepState.Failed, 3), ("never", StepState.Skipped, null)]);
        (await harness.Store.GetJobsAsync(result.RunId, default)).Single(j => j.Key == "test").Reason.ShouldBe("needs `build` failed");
    }

    [Fact]
    public async Task Run_SluiceEnv_PassesVariablesToLaterSteps()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            env: { LEVEL: pipeline }
            jobs:
              build:
                env: { LEVEL: job, JOB_ONLY: yes }
                steps:
                  - run: |
                      echo "first=$LEVEL"
                      echo "FROM_STEP=hello" >> "$SLUICE_ENV"
                      printf 'MULTI<<EOF\nline one\nline two\nEOF\n' >> "$SLUICE_ENV"
                  - env: { LEVEL: step }
                    run: |
                      echo "second=$LEVEL $FROM_STEP $JOB_ONLY"
                      echo "$MULTI" | wc -l
                      echo "sluice=$SLUICE job=$SLUICE_JOB run=$SLUICE_RUN_ID"
            """);

        result.State.ShouldBe(RunState.Succeeded);
        var output = harness.Output(result.RunId, "build");
        output.ShouldContain("first=job");
        output.ShouldContain("second=step hello yes");
        output.ShouldContain("2");
        output.ShouldContain($"sluice=true job=build run={result.RunId}");
    }

    [Fact]
    public async Task Run_SluiceOutputAndSummary_BecomeJobOutputsAndRunSummary()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                steps:
                  - run: |
                      echo "version=1.2.3" >> "$SLUICE_OUTPUT"
                      { echo 'notes<<END'; echo 'first'; echo 'second'; echo 'END'; } >> "$SLUICE_OUTPUT"
                      echo '### Built 1.2.3' >> "$SLUICE_SUMMARY"
            """);

        var build = result.Jobs.Single();
        build.Outputs["version"].ShouldBe("1.2.3");
        build.Outputs["notes"].ShouldBe("first\nsecond");
        result.Summary.ShouldContain("### Built 1.2.3");
        (await harness.Store.GetJobsAsync(result.RunId, default)).Single().Outputs["version"].ShouldBe("1.2.3");
        (await harness.Store.GetRunAsync(result.RunId, default))!.Summary!.ShouldContain("### Built 1.2.3");
    }

    [Fact]
    public async Task Run_ContinueOnErrorStep_RunsLaterStepsAndSucceeds()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                steps:
                  - run: exit 1
                    continue-on-error: true
                  - run: echo after
            """);

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "build").ShouldContain("after");
    }

    [Fact]
    public async Task Run_ContinueOnErrorJob_IsReportedFailedButDependentsRunAndRunSucceeds()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              flaky:
                continue-on-error: true
                run: exit 1
              after:
                needs: [flaky]
                run: echo ran
            """);

        result.State.ShouldBe(RunState.Succeeded);
        var flaky = result.Jobs.Single(j => j.Key == "flaky");
        flaky.State.ShouldBe(JobState.Failed);
        flaky.Reason!.ShouldEndWith("(continue-on-error)");
        result.Jobs.Single(j => j.Key == "after").State.ShouldBe(JobState.Succeeded);
    }

    [Fact]
    public async Task Run_Retry_RunsAgainAfterFailureAndRecordsAttempts()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              flaky:
                retry: { max: 2 }
                run: |
                  echo x >> attempts.txt
                  test "$(wc -l < attempts.txt)" -ge 2
            """);

        result.State.ShouldBe(RunState.Succeeded);
        result.Jobs.Single().Attempts.ShouldBe(2);
        var steps = await harness.Store.GetStepsAsync(result.RunId, "flaky", default);
        steps.Select(s => (s.Attempt, s.State)).ShouldBe([(1, StepState.Failed), (2, StepState.Succeeded)]);
    }

    [Fact]
    public async Task Run_RetryOnTimeoutOnly_DoesNotRetryAFailure()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              flaky:
                retry: { max: 3, on: [timeout] }
                run: exit 1
            """);

        result.Jobs.Single().Attempts.ShouldBe(1);
        result.State.ShouldBe(RunState.Failed);
    }

    [Fact]
    public async Task Run_StepTimeout_FailsJobWithTimeoutReason()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              slow:
                steps:
                  - name: wait
                    timeout: 300ms
                    run: sleep 30
            """);

        var slow = result.Jobs.Single();
        slow.State.ShouldBe(JobState.Failed);
        slow.Reason.ShouldBe("step `wait` timed out after 300ms");
        slow.Duration!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(10));
        (await harness.Store.GetStepsAsync(result.RunId, "slow", default)).Single().State.ShouldBe(StepState.TimedOut);
    }

    [Fact]
    public async Task Run_JobTimeout_StopsTheJob()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              slow:
                timeout: 300ms
                steps:
                  - run: sleep 30
                  - run: touch after-timeout.txt
            """);

        var slow = result.Jobs.Single();
        slow.State.ShouldBe(JobState.Failed);
        slow.Reason.ShouldBe("timed out after 300ms");
        File.Exists(Path.Combine(harness.Workspace, "after-timeout.txt")).ShouldBeFalse();
    }

    [Fact]
    public async Task Run_WorkingDirectoryAndShell_AreHonoured()
    {
        Directory.CreateDirectory(Path.Combine(harness.Workspace, "sub"));
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              py:
                working-directory: sub
                steps:
                  - shell: python3
                    run: |
                      import os
                      print("cwd=" + os.path.basename(os.getcwd()))
            """);

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "py").ShouldContain("cwd=sub");
    }
}
