using System.Diagnostics;
using System.Text;

namespace Sluice.Engine.Execution;

/// <summary>
/// Starts a step through <c>setsid</c> with <see cref="Process"/>, for when <see cref="SessionSpawn"/> cannot be used:
/// when the engine is pid 1 (a container without an init) the runtime reaps every child on SIGCHLD, so only the
/// children that <see cref="Process"/> tracks keep their exit status. Costs one more exec per step.
/// </summary>
internal static class SetsidStart
{
    /// <summary>True when steps must be started this way (see the class remarks).</summary>
    public static bool Needed => Environment.ProcessId == 1;

    public static (Process Process, Task<int> Exited) Start(StepProcessSpec spec)
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
        info.ArgumentList.Add(spec.Executable ?? spec.Program); // setsid looks its argument up in PATH, and passes it on as argv[0].
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
        return (process, ExitCodeAsync(process));
    }

    private static async Task<int> ExitCodeAsync(Process process)
    {
        await process.WaitForExitAsync(CancellationToken.None);
        return process.ExitCode;
    }
}
