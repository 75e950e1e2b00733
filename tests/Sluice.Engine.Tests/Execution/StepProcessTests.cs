using System.Collections.Concurrent;
using System.ComponentModel;
using System.Runtime.Versioning;
using Sluice.Engine.Execution;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Execution;

[SupportedOSPlatform("linux")] // Steps run on Linux only (SessionSpawn).
public sealed class StepProcessTests : IDisposable
{
    private readonly TempDirectory directory = new();
    private readonly ConcurrentQueue<(string Stream, string Line)> lines = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_Shell_LeadsItsOwnSessionAndProcessGroup(bool throughSetsid)
    {
        // Fields 5 and 6 of /proc/PID/stat (after "pid (comm) state ppid") are the process group and the session.
        var exit = await RunAsync(throughSetsid, "bash", ["-c", "cut -d' ' -f5,6 /proc/$$/stat; echo $$"]);

        exit.Code.ShouldBe(0);
        var pid = exit.Process.GroupId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Stdout().ShouldBe([$"{pid} {pid}", pid]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_GivesExactlyTheEnvironmentAndDirectoryAndAnEmptyStdin(bool throughSetsid)
    {
        var exit = await RunAsync(throughSetsid, "bash", ["-c", "env | grep -v '^_=' | sort; pwd; read -r line; echo read=$?"], new() { ["PATH"] = "/usr/bin:/bin", ["ONLY"] = "this value" });

        exit.Code.ShouldBe(0);
        Stdout().ShouldBe(["ONLY=this value", "PATH=/usr/bin:/bin", "PWD=" + directory.Path, "SHLVL=1", directory.Path, "read=1"]);
    }

    [Fact]
    public async Task Start_Child_HasEveryDefaultSignalActionAndAnEmptyMask()
    {
        // The runtime ignores SIGPIPE and blocks signals on its threads; none of that may reach a step, so that
        // `producer | head -1` ends the producer as in any shell. (The setsid fallback cannot reset SIGPIPE.)
        var exit = await RunAsync(false, "grep", ["-E", "^Sig(Blk|Ign):", "/proc/self/status"]);

        exit.Code.ShouldBe(0);
        Stdout().ShouldBe(["SigBlk:\t0000000000000000", "SigIgn:\t0000000000000000"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_StdoutAndStderr_AreReadAsSeparateStreams(bool throughSetsid)
    {
        var exit = await RunAsync(throughSetsid, "bash", ["-c", "echo out; echo err >&2; exit 3"]);

        exit.Code.ShouldBe(3);
        lines.ShouldContain(("stdout", "out"));
        lines.ShouldContain(("stderr", "err"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WaitForExit_ShellKilledBySignal_Reports128PlusTheSignal(bool throughSetsid)
    {
        var exit = await RunAsync(throughSetsid, "bash", ["-c", "kill -TERM $$"]);

        exit.Code.ShouldBe(128 + 15);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_ProgramIsLookedUpInTheStepsPath(bool throughSetsid)
    {
        var tools = Directory.CreateDirectory(Path.Combine(directory.Path, "tools")).FullName;
        var tool = Path.Combine(tools, "sluice-test-tool");
        await File.WriteAllTextAsync(tool, "#!/bin/sh\necho tool ran\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        var exit = await RunAsync(throughSetsid, "sluice-test-tool", [], new() { ["PATH"] = tools + ":/usr/bin:/bin" });

        exit.Code.ShouldBe(0);
        Stdout().ShouldBe(["tool ran"]);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_GivenExecutable_RunsThatFileWithoutLookingInPath(bool throughSetsid)
    {
        var tool = Path.Combine(directory.Path, "elsewhere-tool");
        await File.WriteAllTextAsync(tool, "#!/bin/sh\necho ran \"$@\"\n");
        File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserExecute);
        var spec = Spec("sluice-not-in-path", ["a", "b"], new() { ["PATH"] = "/usr/bin:/bin" }) with { Executable = tool };

        var process = StepProcess.Start(spec, throughSetsid);
        var code = await process.WaitForExitAsync(CancellationToken.None);
        await process.WaitForOutputAsync(TimeSpan.FromSeconds(10));
        process.Dispose();

        code.ShouldBe(0);
        Stdout().ShouldBe(["ran a b"]);
    }

    [Fact]
    public void Start_GivenExecutableWithoutInterpreterLine_ThrowsSoTheStepFallsBackToItsShell()
    {
        var plain = Path.Combine(directory.Path, "plain");
        File.WriteAllText(plain, "echo hi\n");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserExecute);

        Should.Throw<Win32Exception>(() => StepProcess.Start(Spec("./plain", [], new() { ["PATH"] = "/usr/bin:/bin" }) with { Executable = plain }, throughSetsid: false));
    }

    [Fact]
    public void Start_UnknownProgram_ThrowsWin32ExceptionNamingIt()
    {
        var error = Should.Throw<Win32Exception>(() => StepProcess.Start(Spec("sluice-no-such-shell", [], new() { ["PATH"] = "/usr/bin:/bin" })));

        error.Message.ShouldContain("`sluice-no-such-shell` was not found in PATH");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Start_ReportsItsGroupStartedWhileItsLeaderLives_AndDisposeReportsItEndedOnce(bool throughSetsid)
    {
        var watch = new RecordingWatch();
        var process = StepProcess.Start(Spec("sleep", ["0.2"], new() { ["PATH"] = "/usr/bin:/bin" }) with { Groups = watch }, throughSetsid);
        var reported = watch.Calls.ToList();
        await process.WaitForExitAsync(CancellationToken.None);

        process.Dispose();
        process.Dispose();

        reported.ShouldBe([("started", process.GroupId, true)]);
        watch.Calls.ShouldBe([("started", process.GroupId, true), ("ended", process.GroupId, false)]);
    }

    /// <param name="throughSetsid">The fallback used when the engine is pid 1 must behave the same.</param>
    private async Task<(int Code, StepProcess Process)> RunAsync(bool throughSetsid, string program, IReadOnlyList<string> arguments, Dictionary<string, string>? environment = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var process = StepProcess.Start(Spec(program, arguments, environment ?? new() { ["PATH"] = "/usr/bin:/bin" }), throughSetsid);
        var code = await process.WaitForExitAsync(timeout.Token);
        (await process.WaitForOutputAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        process.Dispose();
        return (code, process);
    }

    private StepProcessSpec Spec(string program, IReadOnlyList<string> arguments, Dictionary<string, string> environment) =>
        new(program, arguments, directory.Path, environment, (stream, line) => lines.Enqueue((stream, line)));

    private List<string> Stdout() => lines.Where(l => l.Stream == "stdout").Select(l => l.Line).ToList();

    /// <summary>Records each call with whether the group's leader was alive (its /proc entry there) at that moment.</summary>
    private sealed class RecordingWatch : IStepGroupWatch
    {
        public ConcurrentQueue<(string Call, int Group, bool LeaderThere)> Calls { get; } = new();

        public void Started(int groupId) => Calls.Enqueue(("started", groupId, Directory.Exists($"/proc/{groupId}")));

        public void Ended(int groupId) => Calls.Enqueue(("ended", groupId, Directory.Exists($"/proc/{groupId}")));
    }
}
