using System.Diagnostics;

namespace Sluice.Cli.Tests.Commands;

/// <summary>A temporary git repository with a <c>.sluice/ci.yml</c>, a state directory, and ways to run the CLI in-process or as a real child process.</summary>
public sealed class RunFixture : IDisposable
{
    public RunFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "sluice-run-cli-" + Guid.NewGuid().ToString("N")[..12]);
        Repo = Path.Combine(Root, "repo");
        StateDir = Path.Combine(Root, "state");
        Directory.CreateDirectory(Path.Combine(Repo, ".sluice"));
        Git("init", "-q", "-b", "main");
        Git("config", "user.email", "test@example.com");
        Git("config", "user.name", "Test");
    }

    public string Root { get; }

    public string Repo { get; }

    public string StateDir { get; }

    public void WritePipeline(string yaml, string name = "ci.yml", bool commit = true)
    {
        File.WriteAllText(Path.Combine(Repo, ".sluice", name), yaml);
        if (commit)
        {
            Git("add", "-A");
            Git("commit", "-q", "-m", "pipeline");
        }
    }

    /// <summary>Runs <c>sluice ARGS -C REPO --state-dir STATE</c> in-process.</summary>
    public Task<(int Exit, string Out, string Err)> InvokeAsync(params string[] args) => InvokeRawAsync([.. args, "-C", Repo]);

    /// <summary>Runs <c>sluice ARGS --state-dir STATE</c> in-process (for commands without <c>-C</c>).</summary>
    public async Task<(int Exit, string Out, string Err)> InvokeRawAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var configuration = new System.CommandLine.InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        var exit = await SluiceCommandLine.InvokeAsync([.. args, "--state-dir", StateDir], configuration);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>Starts <c>dotnet Sluice.Cli.dll ARGS</c> as a real process in the repository.</summary>
    public Process Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts <c>dotnet Sluice.Cli.dll ARGS</c> as a real process in the repository, with <paramref name="environment"/> added to its environment.</summary>
    public Process Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = Repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Sluice.Cli.dll"));
        foreach (var arg in args.Concat(["--state-dir", StateDir]))
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["CI"] = "true";
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Repo, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
