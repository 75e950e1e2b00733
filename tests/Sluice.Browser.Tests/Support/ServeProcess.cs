using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Browser.Tests.Support;

/// <summary>
/// <c>sluice serve</c> as a real child process (<c>dotnet Sluice.Cli.dll serve</c>, the CLI built next to this
/// project) on 127.0.0.1 with a free port; <see cref="Address"/> is read from its "listening on" line.
/// </summary>
internal sealed partial class ServeProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ServeProcess(Process process, string address)
    {
        this.process = process;
        Address = address;
    }

    public string Address { get; }

    public static async Task<ServeProcess> StartAsync(string configPath, string workingDirectory)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { CliPath(), "serve", "--config", configPath, "--listen", "http://127.0.0.1:0" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info)!;
        var log = new StringBuilder();
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("sluice serve exited:\n" + log));
                return;
            }

            lock (log)
            {
                log.AppendLine(e.Data);
            }

            if (Listening().Match(e.Data) is { Success: true } m)
            {
                ready.TrySetResult(m.Groups[1].Value);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (log)
            {
                log.AppendLine(e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var serve = new ServeProcess(process, address);
        serve.output.Append(log);
        return serve;
    }

    /// <summary>The CLI of the same configuration as this test assembly (Debug or Release), from the repository's build output.</summary>
    private static string CliPath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = here.Parent!.Name;
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.sln")))
            {
                var cli = Path.Combine(dir.FullName, "src", "Sluice.Cli", "bin", configuration, here.Name, "Sluice.Cli.dll");
                return File.Exists(cli) ? cli : throw new FileNotFoundException("build src/Sluice.Cli first", cli);
            }
        }

        throw new DirectoryNotFoundException("Sluice.sln not found above " + here.FullName);
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }

    [GeneratedRegex(@"listening on (http://\S+)")]
    private static partial Regex Listening();
}
