using System.Diagnostics;

namespace Sluice.Browser.Tests.Support;

/// <summary>A real git repository standing for the GitHub repository the server clones (by path).</summary>
internal sealed class OriginRepo
{
    public OriginRepo(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        Git("init", "--quiet", "--initial-branch=main");
    }

    public string Path { get; }

    /// <summary>Writes the files, commits them on the current branch and returns the sha.</summary>
    public string Commit(string message, params (string File, string Text)[] files)
    {
        foreach (var (file, text) in files)
        {
            var full = System.IO.Path.Combine(Path, file);
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }

        Git("add", "-A");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public string Git(params string[] args)
    {
        var info = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["-c", "user.name=Test", "-c", "user.email=test@example.invalid", .. args])
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
    }
}
