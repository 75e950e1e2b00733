using System.Diagnostics;
using System.Text;

namespace Sluice.Engine.Execution;

/// <summary>
/// One step's shell process, started through <c>setsid</c> so that it leads a new session and process
/// group whose id is its pid: a timeout or a cancel can then signal the whole tree at once.
/// Output is read line by line from both pipes until end of file; background children that keep a pipe
/// open keep their lines flowing to <see cref="StepProcessSpec.OnLine"/> until the group is terminated.
/// </summary>
internal sealed class StepProcess : IDisposable
{
    private readonly Process process;
    private readonly Task pumps;

    private StepProcess(Process process, Action<string, string> onLine)
    {
        this.process = process;
        pumps = Task.WhenAll(
            PumpAsync(process.StandardOutput, "stdout", onLine),
            PumpAsync(process.StandardError, "stderr", onLine));
    }

    /// <summary>The process group (and session) id: the pid of the session leader.</summary>
    public int GroupId => process.Id;

    /// <summary>Completes when both output pipes reached end of file (every writer in the tree exited).</summary>
    public Task OutputClosed => pumps;

    public static StepProcess Start(StepProcessSpec spec)
    {
        var info = new ProcessStartInfo("setsid")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = spec.WorkingDirectory,
        };
        info.ArgumentList.Add("--wait");
        info.ArgumentList.Add(spec.Program);
        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");

        // Steps read no input: a closed stdin makes a stray `read` fail at once instead of hanging.
        process.StandardInput.Close();
        return new StepProcess(process, spec.OnLine);
    }

    /// <summary>Waits for the session leader (the shell) to exit and returns its exit code (128+n when killed by signal n).</summary>
    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        await process.WaitForExitAsync(cancellationToken);
        return process.ExitCode;
    }

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

    public void Dispose() => process.Dispose();

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
