using System.Diagnostics;
using System.Text.Json;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Tests.Commands;

public sealed class RunsCommandTests : IAsyncLifetime
{
    private HistoryFixture h = null!;

    public async Task InitializeAsync() => h = await HistoryFixture.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Runs_NoHistoryYet_SaysSoWithoutCreatingState()
    {
        var empty = Path.Combine(h.Root, "nothing-here");
        using var output = new StringWriter();

        var exit = await SluiceCommandLine.Create().Parse(["runs", "--state-dir", empty])
            .InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = TextWriter.Null });

        exit.ShouldBe(0);
        output.ToString().ShouldStartWith("no runs");
        Directory.Exists(empty).ShouldBeFalse();
    }

    [Fact]
    public async Task Runs_Table_NewestFirstWithShortShaStateAndDuration()
    {
        var old = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddHours(-3), ["build"]);
        var recent = await h.AddRunAsync("release", RunState.Failed, HistoryFixture.Now.AddMinutes(-5), ["build"], branch: "v1");

        var (exit, output, _) = await h.InvokeAsync("runs");

        exit.ShouldBe(0);
        var lines = output.TrimEnd().Split('\n');
        lines[0].Split("  ", StringSplitOptions.RemoveEmptyEntries).Select(c => c.Trim()).ShouldBe(["ID", "PIPELINE", "EVENT", "BRANCH", "SHA", "STATE", "DURATION", "AGE"]);
        lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe([$"{recent}", "release", "push", "v1", "0123456", "failed", "1m30s", "5m", "ago"]);
        lines[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).ShouldBe([$"{old}", "ci", "push", "main", "0123456", "succeeded", "1m30s", "3h", "ago"]);
    }

    [Fact]
    public async Task Runs_Filters_PipelineStateAndLimit()
    {
        await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddHours(-3), ["build"]);
        var failedCi = await h.AddRunAsync("ci", RunState.Failed, HistoryFixture.Now.AddHours(-2), ["build"]);
        await h.AddRunAsync("release", RunState.Failed, HistoryFixture.Now.AddHours(-1), ["build"]);
        var newestCi = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddMinutes(-1), ["build"]);

        (await Ids("runs", "--pipeline", "ci", "--state", "Failed")).ShouldBe([failedCi]);
        (await Ids("runs", "--pipeline", "ci", "--limit", "1")).ShouldBe([newestCi]);
    }

    [Fact]
    public async Task Runs_RunOfAProcessThatDied_IsListedAsInterrupted()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var owner = Engine.State.ProcessLiveness.OwnerOf(child.Id)!;
        var id = await h.AddRunAsync("ci", RunState.Running, HistoryFixture.Now.AddMinutes(-1), ["build"], owner);
        var alive = await h.AddRunAsync("ci", RunState.Running, HistoryFixture.Now, ["build"]);
        child.Kill();
        await child.WaitForExitAsync();

        var (exit, output, _) = await h.InvokeAsync("runs", "--json");

        exit.ShouldBe(0);
        var states = JsonDocument.Parse(output).RootElement.EnumerateArray().ToDictionary(r => r.GetProperty("id").GetInt64(), r => r.GetProperty("state").GetString());
        states[id].ShouldBe("interrupted");
        states[alive].ShouldBe("running");
        (await h.Store.GetJobsAsync(id, CancellationToken.None))[0].Reason.ShouldBe("interrupted");
    }

    [Fact]
    public async Task Runs_Json_IsAnArrayOfRunRecords()
    {
        var id = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddHours(-1), ["build"]);

        var (exit, output, _) = await h.InvokeAsync("runs", "--json");

        exit.ShouldBe(0);
        var run = JsonDocument.Parse(output).RootElement.EnumerateArray().Single();
        (run.GetProperty("id").GetInt64(), run.GetProperty("pipeline_id").GetString(), run.GetProperty("state").GetString(), run.GetProperty("sha").GetString())
            .ShouldBe((id, "ci", "succeeded", HistoryFixture.Sha));
        run.GetProperty("finished_at").GetDateTimeOffset().ShouldBeGreaterThan(run.GetProperty("started_at").GetDateTimeOffset());
    }

    [Theory]
    [InlineData("--state", "sleeping")]
    [InlineData("--state", "3")]
    [InlineData("--limit", "0")]
    [InlineData("--limit", "many")]
    public async Task Runs_BadFilter_ExitsWithUsage(string option, string value)
    {
        var (exit, _, error) = await h.InvokeAsync("runs", option, value);

        exit.ShouldBe(2);
        error.ShouldContain(option == "--state" ? "unknown state" : "--limit");
    }

    [Fact]
    public async Task Runs_Help_DescribesEveryOption()
    {
        var (exit, output, _) = await h.InvokeAsync("runs", "--help");

        exit.ShouldBe(0);
        foreach (var option in new[] { "--pipeline", "--state", "--limit", "--json", "--state-dir" })
        {
            output.ShouldContain(option);
        }
    }

    private async Task<long[]> Ids(params string[] args)
    {
        var (exit, output, error) = await h.InvokeAsync([.. args, "--json"]);
        exit.ShouldBe(0, error);
        return JsonDocument.Parse(output).RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToArray();
    }
}
