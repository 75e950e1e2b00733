using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Execution;

/// <summary>
/// One step's shell process, started by <see cref="SessionSpawn"/> (or <see cref="SetsidStart"/> when the engine is
/// pid 1) as the leader of a new session and process group whose id is its pid: a timeout or a cancel can then signal the whole tree at once.
/// Output is read line by line from both pipes until end of file; background children that keep a pipe
/// open keep their lines flowing to <see cref="StepProcessSpec.OnLine"/> until the group is terminated.
/// </summary>
internal sealed class StepProcess : IDisposable
{
    private readonly Task<int> exited;
    private readonly StreamReader standardOutput;
    private readonly StreamReader standardError;
    private readonly IDisposable? process;
    private readonly Task pumps;
    private readonly IStepGroupWatch groups;
    private int ended;

    private StepProcess(int pid, Task<int> exited, StreamReader standardOutput, StreamReader standardError, IDisposable? process, Action<string, string> onLine, IStepGroupWatch groups)
    {
        GroupId = pid;
        this.groups = groups;
        this.exited = exited;
        this.standardOutput = standardOutput;
        this.standardError = standardError;
        this.process = process;
        pumps = Task.WhenAll(PumpAsync(standardOutput, "stdout", onLine), PumpAsync(standardError, "stderr", onLine));
    }

    /// <summary>The process group (and session) id: the pid of the session leader.</summary>
    public int GroupId { get; }

    /// <summary>Completes when both output pipes reached end of file (every writer in the tree exited).</summary>
    public Task OutputClosed => pumps;

    /// <summary>Starts the step; throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot be started.</summary>
    public static StepProcess Start(StepProcessSpec spec) => Start(spec, SetsidStart.Needed);

    /// <param name="throughSetsid">Start through <see cref="SetsidStart"/> instead of <see cref="SessionSpawn"/> (tests cover both).</param>
    internal static StepProcess Start(StepProcessSpec spec, bool throughSetsid)
    {
        var groups = spec.Groups ?? NoStepGroupWatch.Instance;
        if (throughSetsid)
        {
            var (started, exitedAsync) = SetsidStart.Start(spec);
            groups.Started(started.Id);
            return new StepProcess(started.Id, exitedAsync, started.StandardOutput, started.StandardError, started, spec.OnLine, groups);
        }

        var child = SessionSpawn.Start(spec.Program, spec.Arguments, spec.WorkingDirectory, spec.Environment, spec.Executable);

        // Reported before ChildExit may reap it: until then /proc/{pid} is the step's leader, even if it exited already.
        groups.Started(child.Pid);
        return new StepProcess(child.Pid, ChildExit.WatchAsync(child.Pid), Reader(child.StandardOutput), Reader(child.StandardError), null, spec.OnLine, groups);
    }

    /// <summary>Waits for the session leader (the shell) to exit and returns its exit code (128+n when killed by signal n).</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => exited.WaitAsync(cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for the output pipes to close; false if something still holds them.</summary>
    public async Task<bool> WaitForOutputAsync(TimeSpan timeout)
    {
        if (pumps.IsCompleted)
        {
            return true;
        }

        try
        {
            // Unlike a Task.Delay raced against the pumps, WaitAsync drops its timer as soon as the pipes close.
            await pumps.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>Terminates whatever is left of the tree (SIGTERM, then SIGKILL after <paramref name="grace"/>).</summary>
    public Task TerminateAsync(TimeSpan grace, CancellationToken hard) => ProcessGroup.TerminateAsync(GroupId, grace, hard);

    /// <summary>Gives the group up: its processes exited or were terminated (see <see cref="IStepGroupWatch.Ended"/>).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref ended, 1) == 0)
        {
            groups.Ended(GroupId);
        }

        standardOutput.Dispose();
        standardError.Dispose();
        process?.Dispose();
    }

    // As Process reads redirected output: UTF-8 (a byte order mark is honoured), through a pipe stream that the
    // runtime's event loop reads asynchronously.
    private static StreamReader Reader(SafePipeHandle handle) =>
        new(new AnonymousPipeClientStream(PipeDirection.In, handle), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 4096);

    private static async Task PumpAsync(StreamReader reader, string stream, Action<string, string> onLine)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                onLine(stream, line);
            }
        }
        catch (ObjectDisposedException)
        {
            // The step was abandoned after its tree was killed; nothing more to read.
        }
        catch (IOException)
        {
        }
    }
}
