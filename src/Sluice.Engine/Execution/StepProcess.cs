using System.IO.Pipes;
using System.Text;
using Microsoft.Win32.SafeHandles;

namespace Sluice.Engine.Execution;

/// <summary>
/// One step's shell process, started by <see cref="SessionSpawn"/> as the leader of a new session and process
/// group whose id is its pid: a timeout or a cancel can then signal the whole tree at once.
/// Output is read line by line from both pipes until end of file; background children that keep a pipe
/// open keep their lines flowing to <see cref="StepProcessSpec.OnLine"/> until the group is terminated.
/// </summary>
internal sealed class StepProcess : IDisposable
{
    private readonly Task<int> exited;
    private readonly StreamReader standardOutput;
    private readonly StreamReader standardError;
    private readonly Task pumps;

    private StepProcess(SpawnedChild child, Action<string, string> onLine)
    {
        GroupId = child.Pid;
        exited = ChildExit.WatchAsync(child.Pid);
        standardOutput = Reader(child.StandardOutput);
        standardError = Reader(child.StandardError);
        pumps = Task.WhenAll(PumpAsync(standardOutput, "stdout", onLine), PumpAsync(standardError, "stderr", onLine));
    }

    /// <summary>The process group (and session) id: the pid of the session leader.</summary>
    public int GroupId { get; }

    /// <summary>Completes when both output pipes reached end of file (every writer in the tree exited).</summary>
    public Task OutputClosed => pumps;

    /// <summary>Starts the step; throws <see cref="System.ComponentModel.Win32Exception"/> when the program cannot be started.</summary>
    public static StepProcess Start(StepProcessSpec spec) =>
        new(SessionSpawn.Start(spec.Program, spec.Arguments, spec.WorkingDirectory, spec.Environment), spec.OnLine);

    /// <summary>Waits for the session leader (the shell) to exit and returns its exit code (128+n when killed by signal n).</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken) => exited.WaitAsync(cancellationToken);

    /// <summary>Waits up to <paramref name="timeout"/> for the output pipes to close; false if something still holds them.</summary>
    public async Task<bool> WaitForOutputAsync(TimeSpan timeout)
    {
        if (pumps.IsCompleted)
        {
            return true;
        }

        var finished = await Task.WhenAny(pumps, Task.Delay(timeout));
        return finished == pumps;
    }

    /// <summary>Terminates whatever is left of the tree (SIGTERM, then SIGKILL after <paramref name="grace"/>).</summary>
    public Task TerminateAsync(TimeSpan grace, CancellationToken hard) => ProcessGroup.TerminateAsync(GroupId, grace, hard);

    public void Dispose()
    {
        standardOutput.Dispose();
        standardError.Dispose();
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
