using System.Text.Json;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Tests.Commands;

public sealed class ShowCommandTests : IAsyncLifetime
{
    private HistoryFixture h = null!;

    public async Task InitializeAsync() => h = await HistoryFixture.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Show_WithoutRun_ShowsTheLatestWithJobsReasonsOutputsArtifactsAndSummary()
    {
        await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddHours(-2), ["old"]);
        var id = await SeedFailedRunAsync();

        var (exit, output, _) = await h.InvokeAsync("show");

        exit.ShouldBe(0);
        output.ShouldStartWith($"run #{id}  ci  failed\n");
        output.ShouldContain("  event     push  main @ 0123456  by alice");
        output.ShouldContain("  duration  1m30s");
        Row(output, "jobs", "build").ShouldBe(["build", "succeeded", "20s", "1"]);
        Row(output, "jobs", "test").ShouldBe(["test", "failed", "5s", "2", "exit", "code", "1", "in", "step", "`pytest`"]);
        Row(output, "jobs", "deploy").ShouldBe(["deploy", "skipped", "-", "0", "needs", "failed:", "test"]);
        output.ShouldContain("  build.version = 1.2.3");
        output.ShouldContain("  build  dist/app.tgz  2 KiB  sha256:aaaaaaaaaaaa");
        output.ShouldContain("summary\n  ## Release notes\n\n  all good\n");
        output.ShouldNotContain("old");
    }

    [Fact]
    public async Task Show_RunId_ShowsThatRunAndItsStepAttempts()
    {
        var id = await SeedFailedRunAsync();
        await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["newer"]);

        var (exit, output, _) = await h.InvokeAsync("show", $"{id}");

        exit.ShouldBe(0);
        output.ShouldStartWith($"run #{id}  ci  failed\n");
        Row(output, "steps", "test", "1").ShouldBe(["test", "1", "0", "pytest", "failed", "1", "2s"]);
        Row(output, "steps", "test", "2").ShouldBe(["test", "2", "0", "pytest", "failed", "1", "3s"]);
    }

    [Fact]
    public async Task Show_Json_HasTheRunJobsStepsAndArtifacts()
    {
        var id = await SeedFailedRunAsync();

        var (exit, output, _) = await h.InvokeAsync("show", $"#{id}", "--json");

        exit.ShouldBe(0);
        var root = JsonDocument.Parse(output).RootElement;
        root.GetProperty("run").GetProperty("id").GetInt64().ShouldBe(id);
        root.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("state").GetString()).ShouldBe(["succeeded", "failed", "skipped"]);
        root.GetProperty("jobs")[0].GetProperty("outputs").GetProperty("version").GetString().ShouldBe("1.2.3");
        root.GetProperty("steps").GetArrayLength().ShouldBe(3);
        root.GetProperty("artifacts")[0].GetProperty("path").GetString().ShouldBe("dist/app.tgz");
    }

    [Fact]
    public async Task Show_UnknownRun_ExitsWithFailure()
    {
        var (exit, _, error) = await h.InvokeAsync("show", "999");

        exit.ShouldBe(1);
        error.ShouldContain("run #999 does not exist");
    }

    [Fact]
    public async Task Show_NotARunId_ExitsWithUsage()
    {
        var (exit, _, error) = await h.InvokeAsync("show", "yesterday");

        exit.ShouldBe(2);
        error.ShouldContain("not a run id");
    }

    /// <summary>The cells of the one row of a section (<c>jobs</c>, <c>steps</c>) that starts with the given cells.</summary>
    private static string[] Row(string output, string section, params string[] startsWith) =>
        output.Split('\n').SkipWhile(l => l != section).Skip(1).TakeWhile(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(cells => cells.Take(startsWith.Length).SequenceEqual(startsWith));

    private async Task<long> SeedFailedRunAsync()
    {
        var t = HistoryFixture.Now.AddMinutes(-10);
        var id = await h.AddRunAsync("ci", RunState.Failed, t, ["build", "test", "deploy"]);
        var s = h.Store;
        var ct = CancellationToken.None;
        await s.SetJobStateAsync(id, "build", JobState.Succeeded, null, 1, t.AddSeconds(1), t.AddSeconds(21), ct);
        await s.SetJobOutputsAsync(id, "build", new Dictionary<string, string> { ["version"] = "1.2.3" }, ct);
        await s.AddArtifactAsync(new ArtifactRecord(id, "build", "dist/app.tgz", new string('a', 64), 2048), ct);
        await s.SetJobStateAsync(id, "test", JobState.Failed, "exit code 1 in step `pytest`", 2, t.AddSeconds(21), t.AddSeconds(26), ct);
        await s.UpsertStepAsync(new StepRecord(id, "test", 1, 0, "pytest", StepState.Failed, 1, t.AddSeconds(21), t.AddSeconds(23)), ct);
        await s.UpsertStepAsync(new StepRecord(id, "test", 2, 0, "pytest", StepState.Failed, 1, t.AddSeconds(23), t.AddSeconds(26)), ct);
        await s.UpsertStepAsync(new StepRecord(id, "build", 1, 0, "compile", StepState.Succeeded, 0, t.AddSeconds(1), t.AddSeconds(21)), ct);
        await s.SetJobStateAsync(id, "deploy", JobState.Skipped, "needs failed: test", 0, null, t.AddSeconds(26), ct);
        await s.SetRunSummaryAsync(id, "## Release notes\n\nall good\n", ct);
        return id;
    }
}
