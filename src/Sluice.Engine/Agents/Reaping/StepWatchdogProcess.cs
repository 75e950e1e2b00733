using System.Diagnostics;

namespace Sluice.Engine.Agents.Reaping;

/// <summary>
/// The agent's side of its watchdog (<see cref="StepWatchdog"/>): a child process started with a pipe to its standard
/// input, which only the agent holds (the runtime opens pipes close-on-exec, so no step inherits the write end and keeps
/// the watchdog from seeing the agent die). Its output goes where the agent's goes. It gets the agent's environment
/// without the agent token, and a lower CPU priority (nice 10). Lines are written synchronously and are tiny: the pipe's buffer never fills.
/// </summary>
internal sealed class StepWatchdogProcess : IAsyncDisposable
{
    private static readonly TimeSpan ExitWait = TimeSpan.FromSeconds(5);

    private readonly Process process;
    private bool broken;

    private StepWatchdogProcess(Process process) => this.process = process;

    public int Pid => process.Id;

    /// <summary>Starts <paramref name="command"/> (program, then arguments); throws <see cref="System.ComponentModel.Win32Exception"/> when it cannot.</summary>
    public static StepWatchdogProcess Start(IReadOnlyList<string> command)
    {
        var info = new ProcessStartInfo(command[0]) { UseShellExecute = false, RedirectStandardInput = true };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Remove("SLUICE_AGENT_TOKEN");
        var process = Process.Start(info) ?? throw new InvalidOperationException("the watchdog did not start");
        process.StandardInput.AutoFlush = true;
        try
        {
            // It idles until the agent dies; its own start (a runtime's) must not take CPU from the agent's or a step's.
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // It exited already (it will be seen at the first line) or the system refused: it runs at normal priority.
        }

        return new StepWatchdogProcess(process);
    }

    /// <summary>Sends one line; false once the pipe is broken (the watchdog is gone).</summary>
    public bool Send(string line)
    {
        if (broken)
        {
            return false;
        }

        try
        {
            process.StandardInput.WriteLine(line);
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            broken = true;
            return false;
        }
    }

    /// <summary>Says bye, closes the pipe and waits for the watchdog to exit (killed after a few seconds).</summary>
    public async ValueTask DisposeAsync()
    {
        Send(StepWatchdog.Bye);
        try
        {
            process.StandardInput.Close();
        }
        catch (IOException)
        {
        }

        try
        {
            await process.WaitForExitAsync(CancellationToken.None).WaitAsync(ExitWait);
        }
        catch (TimeoutException)
        {
            process.Kill();
        }

        process.Dispose();
    }
}
