using Sluice.Engine.Runs;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Runs;

public sealed class RerunTests : IAsyncLifetime
{
    private const string Pipeline = """
        on: { push: { branches: [main] } }
        jobs:
          version:
            artifacts: [out/]
            run: |
              echo x >> version-runs.txt
              mkdir -p out && echo "artifact-7" > out/v.txt
              echo "v=7" >> "$SLUICE_OUTPUT"
          test:
            needs: [version]
            run: |
              if [ ! -f fixed.txt ]; then echo "broken"; exit 1; fi
              echo "v=${{ needs.version.outputs.v }} artifact=$(cat "$SLUICE_ARTIFACTS/out/v.txt")"
          publish:
            needs: [test]
            run: echo published
          docs:
            run: echo x >> docs-runs.txt
        """;

    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task RerunFailed_RunsOnlyFailedJobsAndDependents_ReusingOutputsAndArtifacts()
    {
        var first = await harness.RunAsync(Pipeline);
        first.State.ShouldBe(RunState.Failed);
        File.WriteAllText(Path.Combine(harness.Workspace, "fixed.txt"), "");

        var (plan, source) = RerunPlanner.Plan(EngineHarness.Plan(Pipeline), first.RunId,
            await harness.Store.GetJobsAsync(first.RunId, default), await harness.Store.GetArtifactsAsync(first.RunId, default), failedOnly: true);
        var second = await harness.RunPlanAsync(plan, rerun: source);

        second.State.ShouldBe(RunState.Succeeded);
        source.Reused.Keys.Order().ShouldBe(["docs", "version"]);
        File.ReadAllLines(Path.Combine(harness.Workspace, "version-runs.txt")).Length.ShouldBe(1);
        File.ReadAllLines(Path.Combine(harness.Workspace, "docs-runs.txt")).Length.ShouldBe(1);
        harness.Output(second.RunId, "test").ShouldBe(["v=7 artifact=artifact-7"]);
        harness.Output(second.RunId, "publish").ShouldBe(["published"]);
        var version = second.Jobs.Single(j => j.Key == "version");
        version.Reason.ShouldBe($"reused from run #{first.RunId}");
        version.Reused.ShouldBeTrue();
        var stored = (await harness.Store.GetRunAsync(second.RunId, default))!;
        stored.ParentRunId.ShouldBe(first.RunId);
        (await harness.Store.GetJobsAsync(second.RunId, default)).Single(j => j.Key == "version").Outputs["v"].ShouldBe("7");
        (await harness.Store.GetArtifactsAsync(second.RunId, default)).Select(a => a.Path).ShouldContain("out/v.txt");
    }

    [Fact]
    public async Task RerunAll_RunsEveryJobAgain()
    {
        var first = await harness.RunAsync(Pipeline);

        var (plan, source) = RerunPlanner.Plan(EngineHarness.Plan(Pipeline), first.RunId,
            await harness.Store.GetJobsAsync(first.RunId, default), [], failedOnly: false);
        await harness.RunPlanAsync(plan, rerun: source);

        source.Reused.ShouldBeEmpty();
        File.ReadAllLines(Path.Combine(harness.Workspace, "version-runs.txt")).Length.ShouldBe(2);
    }
}
