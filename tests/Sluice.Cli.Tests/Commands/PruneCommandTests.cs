using System.Text.Json;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Tests.Commands;

public sealed class PruneCommandTests : IAsyncLifetime
{
    private HistoryFixture h = null!;

    public async Task InitializeAsync() => h = await HistoryFixture.CreateAsync();

    public async Task DisposeAsync() => await h.DisposeAsync();

    [Fact]
    public async Task Prune_DryRun_ListsTheRunsWithoutDeletingThem()
    {
        var old = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddDays(-40), ["build"]);
        await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddDays(-1), ["build"]);

        var (exit, output, _) = await h.InvokeAsync("prune", "--keep", "0", "--dry-run");

        exit.ShouldBe(0);
        output.ShouldStartWith("would delete 1 run(s) older than 30d, keeping the newest 0\n");
        output.Split('\n')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries)[..2].ShouldBe([$"{old}", "ci"]);
        (await h.Store.GetRunAsync(old, CancellationToken.None)).ShouldNotBeNull();
    }

    [Fact]
    public async Task Prune_DeletesOldRunsTheirLogsAndUnreferencedBlobs_KeepsRecentAndRunningOnes()
    {
        var blobs = new BlobStore(Path.Combine(h.StateDir, "blobs"), Path.Combine(h.StateDir, "tmp"));
        var blob = await blobs.PutAsync(new MemoryStream([1, 2, 3]), CancellationToken.None);
        var old = await h.AddRunAsync("ci", RunState.Failed, HistoryFixture.Now.AddDays(-10), ["build"]);
        await h.LogAsync(old, "build", "a", "b", "c");
        await h.Store.AddArtifactAsync(new ArtifactRecord(old, "build", "out.bin", blob.Sha256, 3), CancellationToken.None);
        var running = await h.AddRunAsync("ci", RunState.Running, HistoryFixture.Now.AddDays(-20), ["build"]);
        var recent = await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddDays(-2), ["build"]);

        var (exit, output, _) = await h.InvokeAsync("prune", "--older-than", "7d", "--keep", "0", "--json");

        exit.ShouldBe(0);
        var result = JsonDocument.Parse(output).RootElement;
        (result.GetProperty("runs_deleted").GetInt32(), result.GetProperty("log_lines_deleted").GetInt32(), result.GetProperty("blobs_deleted").GetInt32()).ShouldBe((1, 3, 1));
        blobs.Exists(blob.Sha256).ShouldBeFalse();
        (await h.Store.ListRunsAsync(new RunQuery(), CancellationToken.None)).Select(r => r.Id).ShouldBe([recent, running]);
    }

    [Fact]
    public async Task Prune_DefaultKeep_KeepsTheNewestHundred()
    {
        await h.AddRunAsync("ci", RunState.Succeeded, HistoryFixture.Now.AddDays(-90), ["build"]);

        var (exit, output, _) = await h.InvokeAsync("prune");

        exit.ShouldBe(0);
        output.ShouldBe("deleted 0 run(s), 0 log line(s), 0 blob(s)\n");
    }

    [Theory]
    [InlineData("--older-than", "30")]
    [InlineData("--older-than", "soon")]
    [InlineData("--keep", "-1")]
    public async Task Prune_BadValue_ExitsWithUsage(string option, string value)
    {
        var (exit, _, error) = await h.InvokeAsync("prune", option, value);

        exit.ShouldBe(2);
        error.ShouldContain(option);
    }
}
