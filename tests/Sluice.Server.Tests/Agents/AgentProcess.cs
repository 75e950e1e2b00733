using System.Diagnostics;

namespace Sluice.Server.Tests.Agents;

/// <summary><c>sluice agent</c> as a real child process (<c>dotnet Sluice.Cli.dll agent …</c>), ready once it printed that it registered.</summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];
    private readonly string dataDirectory;

    private AgentProcess(Process process, string dataDirectory)
    {
        this.process = process;
        this.dataDirectory = dataDirectory;
    }

    public string Output
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    public bool HasExited => process.HasExited;

    public int Pid => process.Id;

    public string DataDirectory => dataDirectory;

    public static Task<AgentProcess> StartAsync(string server, string token, string name, params string[] extra) =>
        StartInAsync(Path.Combine(Path.GetTempPath(), "sluice-agent-proc-" + Guid.NewGuid().ToString("N")[..8]), server, token, name, extra);

    /// <summary>An agent on <paramref name="data"/> as its data directory (removed when it is disposed), e.g. one an earlier agent used.</summary>
    public static async Task<AgentProcess> StartInAsync(string data, string server, string token, string name, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), "agent", "--server", server, "--token", token, "--name", name, "--data-dir", data }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        var started = new AgentProcess(Process.Start(info)!, data);
        var registered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (started.output)
            {
                started.output.Add(e.Data);
            }

            if (e.Data.Contains("registered as", StringComparison.Ordinal))
            {
                registered.TrySetResult();
            }
        }

        started.process.OutputDataReceived += OnLine;
        started.process.ErrorDataReceived += OnLine;
        started.process.BeginOutputReadLine();
        started.process.BeginErrorReadLine();
        var first = await Task.WhenAny(registered.Task, started.process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (first != registered.Task)
        {
            var text = started.Output;
            started.Dispose();
            throw new InvalidOperationException("sluice agent did not register:\n" + text);
        }

        return started;
    }

    /// <summary>The exit code, or null when it did not exit within <paramref name="timeout"/>.</summary>
    public async Task<int?> WaitForExitAsync(TimeSpan timeout)
    {
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(timeout));
        if (!process.HasExited)
        {
            return null;
        }

        process.WaitForExit(); // drains the redirected output
        return process.ExitCode;
    }

    public async Task TerminateAsync()
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    /// <summary>SIGKILL: the agent vanishes mid-job without a word to the server.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    /// <summary>SIGKILL to the agent and its running steps, as when its machine is lost (an orphaned step would run on).</summary>
    public void KillWithSteps()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();

        if (Directory.Exists(dataDirectory))
        {
            Directory.Delete(dataDirectory, recursive: true);
        }
    }
}
