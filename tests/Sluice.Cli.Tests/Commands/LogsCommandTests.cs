using System.Diagnostics;
using System.Text.Json;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Tests.Commands;

public sealed class LogsCommandTests : IAsyncLifetime
{
    private HistoryFixture h = null!;

    public async Task InitializeAsync() => h = await HistoryFixture.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Logs_LatestRun_EveryJobInOrderPrefixedWithItsKey()
    {
        var id = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["build", "test (py=3.12)"]);
        await h.LogAsync(id, "test (py=3.12)", "collected 3 items", "3 passed");
        await h.LogAsync(id, "build", "compiling", "done");

        var (exit, output, _) = await h.InvokeAsync("logs");

        exit.ShouldBe(0);
        output.ShouldBe(string.Join('\n',
            "build          | compiling",
            "build          | done",
            "test (py=3.12) | collected 3 items",
            "test (py=3.12) | 3 passed",
            string.Empty));
    }

    [Fact]
    public async Task Logs_RunAndJob_PrintsThatJobWithoutPrefix_AJobAloneMeansTheLatestRun()
    {
        var old = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddHours(-1), ["build", "test"]);
        await h.LogAsync(old, "build", "old build");
        var latest = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["build", "test"]);
        await h.LogAsync(latest, "build", "new build");
        await h.LogAsync(latest, "test", "new test");

        (await h.InvokeAsync("logs", $"{old}", "build")).Out.ShouldBe("old build\n");
        (await h.InvokeAsync("logs", "build")).Out.ShouldBe("new build\n");
    }

    [Fact]
    public async Task Logs_JobId_SelectsEveryMatrixInstance()
    {
        var id = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["lint", "test (a)", "test (b)"]);
        await h.LogAsync(id, "lint", "lint line");
        await h.LogAsync(id, "test (a)", "a line");
        await h.LogAsync(id, "test (b)", "b line");

        var (exit, output, _) = await h.InvokeAsync("logs", $"{id}", "test");

        exit.ShouldBe(0);
        output.ShouldBe("test (a) | a line\ntest (b) | b line\n");
    }

    [Fact]
    public async Task Logs_Json_OneLineObjectPerLine()
    {
        var id = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["build"]);
        await h.LogAsync(id, "build", "<compiling> \"quoted\"", "done");

        var (exit, output, _) = await h.InvokeAsync("logs", "--json");

        exit.ShouldBe(0);
        var lines = output.TrimEnd().Split('\n').Select(l => JsonDocument.Parse(l).RootElement).ToList();
        lines.Select(l => (l.GetProperty("job_key").GetString(), l.GetProperty("sequence").GetInt64(), l.GetProperty("text").GetString()))
            .ShouldBe([("build", 1L, "<compiling> \"quoted\""), ("build", 2L, "done")]);
        output.ShouldContain("<compiling>");
    }

    [Fact]
    public async Task Logs_UnknownJob_ExitsWithFailureNamingTheJobs()
    {
        var id = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now, ["build", "test"]);

        var (exit, _, error) = await h.InvokeAsync("logs", $"{id}", "deploy");

        exit.ShouldBe(1);
        error.ShouldContain("has no job `deploy` (jobs: build, test)");
    }

    [Fact]
    public async Task Logs_NoRuns_ExitsWithFailure()
    {
        var (exit, _, error) = await h.InvokeAsync("logs");

        exit.ShouldBe(1);
        error.ShouldContain("no runs yet");
    }

    [Fact]
    public async Task Logs_Follow_PrintsLinesWrittenWhileRunning_AndStopsWhenTheRunFinishes()
    {
        var id = await h.AddRunAsync("ci", RunState.Running, HistoryFixture.Now, ["build"]);
        await h.LogAsync(id, "build", "line 1");

        var follow = h.InvokeAsync("logs", "--follow", "--poll-interval", "20ms");
        for (var i = 2; i <= 30; i++)
        {
            await h.Store.AppendLogsAsync([new LogLine(id, "build", i, 1, 0, HistoryFixture.Now, "stdout", $"line {i}")], CancellationToken.None);
            await Task.Delay(3);
        }

        await h.Store.SetRunStateAsync(id, RunState.Succeeded, HistoryFixture.Now, CancellationToken.None);
        var (exit, output, _) = await follow.WaitAsync(TimeSpan.FromSeconds(20));

        exit.ShouldBe(0);
        output.ShouldBe(string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n")));
    }

    [Fact]
    public async Task Logs_Follow_RunWhoseProcessDied_StopsInsteadOfWaitingForever()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var id = await h.AddRunAsync("ci", RunState.Running, HistoryFixture.Now, ["build"], Engine.State.ProcessLiveness.OwnerOf(child.Id));
        await h.LogAsync(id, "build", "last words");

        var follow = h.InvokeAsync("logs", "--follow", "--poll-interval", "20ms");
        await Task.Delay(100);
        child.Kill();
        await child.WaitForExitAsync();
        var (exit, output, _) = await follow.WaitAsync(TimeSpan.FromSeconds(20));

        exit.ShouldBe(0);
        output.ShouldBe("last words\n");
        (await h.Store.GetRunAsync(id, CancellationToken.None))!.State.ShouldBe(RunState.Interrupted);
    }

    [Fact]
    public async Task Logs_TwoNamesThatAreNotRunIds_ExitsWithUsage()
    {
        var (exit, _, error) = await h.InvokeAsync("logs", "build", "test");

        exit.ShouldBe(2);
        error.ShouldContain("not a run id");
    }
}
