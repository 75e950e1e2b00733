using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Sluice.Server.Tests.Support;

/// <summary>
/// <c>sluice serve</c> as a real child process (<c>dotnet Sluice.Cli.dll serve --config ...</c>), for tests that kill it
/// with SIGKILL. <see cref="Address"/> is read from its "listening on" line.
/// </summary>
internal sealed partial class ServerProcess : IDisposable
{
    private readonly Process process;
    private readonly List<string> output = [];

    private ServerProcess(Process process) => this.process = process;

    public string Address { get; private set; } = "";

    /// <summary>The process id (the owner string of its leases starts with it).</summary>
    public int Id => process.Id;

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

    public static async Task<ServerProcess> StartAsync(string configFile, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"), "serve", "--config", configFile }.Concat(extra))
        {
            info.ArgumentList.Add(arg);
        }

        var server = new ServerProcess(Process.Start(info)!);
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (server.output)
            {
                server.output.Add(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups[1].Value);
            }
        }

        server.process.OutputDataReceived += OnLine;
        server.process.ErrorDataReceived += OnLine;
        server.process.BeginOutputReadLine();
        server.process.BeginErrorReadLine();
        var finished = await Task.WhenAny(listening.Task, server.process.WaitForExitAsync(), Task.Delay(TimeSpan.FromSeconds(30)));
        if (finished != listening.Task)
        {
            server.Dispose();
            throw new InvalidOperationException("sluice serve did not start:\n" + server.Output);
        }

        server.Address = await listening.Task;
        return server;
    }

    /// <summary>Sends SIGTERM (what systemd or `kill` sends) and waits up to <paramref name="timeout"/> for the exit code.</summary>
    public async Task<int?> TerminateAsync(TimeSpan timeout)
    {
        using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        await Task.WhenAny(process.WaitForExitAsync(), Task.Delay(timeout));
        return process.HasExited ? process.ExitCode : null;
    }

    /// <summary>SIGSTOP: the process stalls (as in a long GC pause), its children (the steps) go on.</summary>
    public Task PauseAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: the stalled process carries on where it was.</summary>
    public Task ResumeAsync() => SignalAsync("-CONT");

    /// <summary>Waits until a line of its output contains <paramref name="text"/>.</summary>
    public async Task WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (clock.Elapsed > timeout || process.HasExited)
            {
                var state = process.HasExited ? $"exited with {process.ExitCode}" : "still running";
                throw new TimeoutException($"sluice serve ({state}) never printed \"{text}\":\n{Output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, like a power cut for the process.</summary>
    public void Kill()
    {
        process.Kill(entireProcessTree: false);
        process.WaitForExit();
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"listening on (\S+)")]
    private static partial Regex Listening();
}
