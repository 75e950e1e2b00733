using System.Runtime.Versioning;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Execution;

/// <summary>
/// Steps that are one plain command start without bash (<see cref="Sluice.Engine.Execution.DirectCommand"/>): real runs
/// prove it happens, and that the command sees, prints and returns what it would have through bash.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class DirectExecTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();
    private readonly string marker = "sluice-marker-" + Guid.NewGuid().ToString("N");

    public Task InitializeAsync()
    {
        // Says whether it leads the step's session (started directly) or which process started it.
        Script("probe", """
            #!/bin/sh
            set -- $(cat /proc/$$/stat)
            if [ "$6" = "$$" ]; then echo "started directly"; else echo "started by $(cat /proc/$PPID/comm)"; fi
            """);
        Script("plain", "echo plain ran by a shell\n", shebang: false);
        Script("selfkill", "#!/bin/sh\nkill -KILL $$\n");
        Script("spawner", """
            #!/bin/sh
            bash -c "sleep 300; : $1-a" &
            bash -c "trap '' TERM; sleep 300; : $1-b" &
            echo ready
            sleep 300
            """);
        Directory.CreateDirectory(Path.Combine(harness.Workspace, "sub"));
        Directory.CreateSymbolicLink(Path.Combine(harness.Workspace, "link"), Path.Combine(harness.Workspace, "sub"));
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Step_OnePlainCommand_StartsWithoutItsShell()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              probe:
                steps:
                  - run: ./probe
                  - run: "  ./probe  \n"
                  - shell: sh
                    run: ./probe
            """);

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "probe").ShouldBe(["started directly", "started directly", "started directly"]);
    }

    [Fact]
    public async Task Step_OptedOutOrNotOnePlainCommand_RunsThroughBash()
    {
        const string Yaml = """
            on: { push: { branches: [main] } }
            jobs:
              probe:
                steps:
                  - run: ./probe
                  - env: { SLUICE_DIRECT_EXEC: "0" }
                    run: ./probe
                  - run: |
                      ./probe
                      ./probe
                  - run: "./probe # a comment is the shell's"
            """;

        var optedOut = await harness.RunAsync(Yaml, directExec: false);
        var direct = await harness.RunAsync(Yaml);

        optedOut.State.ShouldBe(RunState.Succeeded);
        harness.Output(optedOut.RunId, "probe").ShouldAllBe(line => line == "started by bash");
        harness.Output(direct.RunId, "probe").ShouldBe(["started directly", "started by bash", "started by bash", "started by bash", "started by bash"]);
    }

    [Fact]
    public async Task Step_StartedDirectly_SeesTheEnvironmentAndDirectoryBashOrShWouldGiveIt()
    {
        const string Yaml = """
            on: { push: { branches: [main] } }
            jobs:
              env:
                env: { GREETING: hello, EMPTY: "" }
                working-directory: link
                steps:
                  - run: /usr/bin/env
                  - run: echo ----
                  - shell: sh
                    run: env
            """;

        var throughShells = await harness.RunAsync(Yaml, directExec: false);
        var direct = await harness.RunAsync(Yaml);

        direct.State.ShouldBe(RunState.Succeeded);
        var expected = Sorted(harness.Output(throughShells.RunId, "env"));
        var seen = Sorted(harness.Output(direct.RunId, "env"));
        seen.ShouldBe(expected);
        seen.ShouldContain("GREETING=hello");
        seen.ShouldContain("EMPTY=");
        seen.ShouldContain("PWD=" + Path.Combine(harness.Workspace, "sub")); // bash's getcwd(): the physical directory
        seen.ShouldContain("_=/usr/bin/env");
        seen.ShouldContain(line => line.StartsWith("SHLVL=", StringComparison.Ordinal));
        harness.Output(direct.RunId, "env").ShouldContain("SLUICE_STEP=3");
    }

    [Fact]
    public async Task Step_StartedDirectly_ExitCodesAndErrorsAreThoseOfBash()
    {
        const string Yaml = """
            on: { push: { branches: [main] } }
            jobs:
              codes:
                steps:
                  - { continue-on-error: true, run: "true" }
                  - { continue-on-error: true, run: "false" }
                  - { continue-on-error: true, run: /usr/bin/test -d /sluice-no-such-dir }
                  - { continue-on-error: true, run: /usr/bin/test -d /tmp }
                  - { continue-on-error: true, run: ls /sluice-no-such-dir }
                  - { continue-on-error: true, run: sluice-no-such-command-3c1 --flag }
                  - { continue-on-error: true, run: ./plain }
                  - { continue-on-error: true, run: ./selfkill }
            """;

        var throughBash = await harness.RunAsync(Yaml, directExec: false);
        var direct = await harness.RunAsync(Yaml);

        int?[] expected = [0, 1, 1, 0, 2, 127, 0, 128 + 9];
        (await ExitCodes(throughBash.RunId)).ShouldBe(expected);
        (await ExitCodes(direct.RunId)).ShouldBe(expected);
        var output = harness.Output(direct.RunId, "codes");
        output.ShouldContain(line => line.EndsWith("line 1: sluice-no-such-command-3c1: command not found", StringComparison.Ordinal)); // from bash
        output.ShouldContain("plain ran by a shell"); // no #!: the direct start fails, bash runs it as a script
        output.ShouldContain(line => line.StartsWith("ls: cannot access '/sluice-no-such-dir'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timeout_DirectlyStartedSleep_IsKilledAndLeavesNothing()
    {
        var seconds = "29." + Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var running = harness.RunAsync($$"""
            on: { push: { branches: [main] } }
            jobs:
              slow:
                steps:
                  - name: wait
                    timeout: 2s
                    run: sleep {{seconds}}
            """);
        var pid = await WaitForProcessAsync("sleep " + seconds);
        SessionOf(pid).ShouldBe(pid); // sleep itself leads the step's session: no bash in between

        var result = await running;

        result.Jobs.Single().Reason.ShouldBe("step `wait` timed out after 2s");
        (await harness.Store.GetStepsAsync(result.RunId, "slow", default)).Single().State.ShouldBe(StepState.TimedOut);
        ProcFs.FindProcesses("sleep " + seconds).ShouldBeEmpty();
    }

    [Fact]
    public async Task Timeout_DirectlyStartedProgramWithBackgroundChildren_LeavesNoProcessBehind()
    {
        var running = harness.RunAsync($$"""
            on: { push: { branches: [main] } }
            jobs:
              spawner:
                steps:
                  - timeout: 3s
                    run: ./spawner {{marker}}
            """);
        var pid = await WaitForProcessAsync("./spawner " + marker);
        SessionOf(pid).ShouldBe(pid);

        var result = await running;

        result.Jobs.Single().State.ShouldBe(JobState.Failed);
        harness.Output(result.RunId, "spawner").ShouldContain("ready");
        ProcFs.FindProcesses(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task Cancel_DirectlyStartedStep_StopsItAndReportsCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var running = harness.RunAsync($$"""
            on: { push: { branches: [main] } }
            jobs:
              spawner:
                steps:
                  - run: ./spawner {{marker}}
            """, cancel: cancel.Token);
        await WaitForProcessAsync(marker + "-b");

        await cancel.CancelAsync();
        var result = await running;

        result.Jobs.Single().State.ShouldBe(JobState.Cancelled);
        ProcFs.FindProcesses(marker).ShouldBeEmpty();
    }

    [Fact]
    public async Task Secrets_InTheOutputOfADirectlyStartedCommand_AreMasked()
    {
        const string Token = "tok-7d2c9e41a5";
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              publish:
                secrets: [TOKEN]
                steps:
                  - run: /usr/bin/echo token=${{ secrets.TOKEN }}
                  - run: printenv TOKEN
                  - run: ./probe
            """, secrets: new Dictionary<string, string> { ["TOKEN"] = Token });

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "publish").ShouldBe(["token=***", "***", "started directly"]);
        var stored = await harness.Store.GetLogsAsync(result.RunId, null, 0, 10_000, default);
        string.Join("\n", harness.AllLogText().Concat(stored.Select(l => l.Text))).ShouldNotContain(Token);
    }

    private static List<string> Sorted(IEnumerable<string> lines) =>
        [.. lines.Where(l => !l.StartsWith("SLUICE_", StringComparison.Ordinal)).Order(StringComparer.Ordinal)];

    private static int SessionOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[3], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<int> WaitForProcessAsync(string commandLine)
    {
        for (var i = 0; i < 400; i++)
        {
            if (ProcFs.FindProcesses(commandLine).FirstOrDefault() is var pid and > 0 && pid != Environment.ProcessId)
            {
                return pid;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"no process `{commandLine}`");
    }

    private async Task<int?[]> ExitCodes(long runId) =>
        [.. (await harness.Store.GetStepsAsync(runId, "codes", default)).Select(s => s.ExitCode)];

    private void Script(string name, string text, bool shebang = true)
    {
        var path = Path.Combine(harness.Workspace, name);
        File.WriteAllText(path, shebang ? text.TrimStart() + "\n" : text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
