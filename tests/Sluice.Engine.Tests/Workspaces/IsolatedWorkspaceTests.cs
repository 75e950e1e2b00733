using System.Diagnostics;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;
using Sluice.Engine.Workspaces;

namespace Sluice.Engine.Tests.Workspaces;

public sealed class IsolatedWorkspaceTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync()
    {
        Git("init", "-q", "-b", "main");
        Directory.CreateDirectory(Path.Combine(harness.Workspace, "app"));
        File.WriteAllText(Path.Combine(harness.Workspace, "app", "committed.txt"), "v1");
        Git("add", "-A");
        Git("-c", "user.email=t@example.com", "-c", "user.name=T", "commit", "-q", "-m", "init");
        File.WriteAllText(Path.Combine(harness.Workspace, "app", "committed.txt"), "dirty");
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_IsolatedFromASubdirectory_RunsInTheSameSubdirectoryOfACleanCheckout()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              look:
                run: |
                  echo "content=$(cat committed.txt) dir=$(basename "$PWD")"
            """, isolated: true, workspace: Path.Combine(harness.Workspace, "app"));

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "look")[0].ShouldBe("content=v1 dir=app");
        Git("worktree", "list").Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Create_UnknownRevision_IsAnErrorValue()
    {
        var created = await IsolatedWorkspace.CreateAsync(harness.Workspace, "no-such-ref", CancellationToken.None);

        created.Workspace.ShouldBeNull();
        created.Error.ShouldBe("cannot check out `no-such-ref`: no such commit");
    }

    [Fact]
    public async Task Create_OutsideARepository_IsAnErrorValue()
    {
        var outside = Path.Combine(harness.Root, "plain");
        Directory.CreateDirectory(outside);

        var created = await IsolatedWorkspace.CreateAsync(outside, null, CancellationToken.None);

        created.Error!.ShouldStartWith("--isolated needs a git repository");
    }

    private string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = harness.Workspace, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
