using Sluice.Engine.Git;

namespace Sluice.Server.Tests.Support;

/// <summary>A real git repository in a temp folder standing for the GitHub repository the server clones (a local path clone URL).</summary>
internal sealed class TestRepo
{
    private readonly GitCli git;

    public TestRepo(string path)
    {
        Path = path;
        Directory.CreateDirectory(path);
        git = new GitCli(path);
        Git("init", "--quiet", "--initial-branch=main");
    }

    public string Path { get; }

    public void Write(string file, string text)
    {
        var full = System.IO.Path.Combine(Path, file);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
    }

    /// <summary>Writes the files and commits them on the current branch; returns the new sha.</summary>
    public string Commit(string message, params (string File, string Text)[] files)
    {
        foreach (var (file, text) in files)
        {
            Write(file, text);
        }

        Git("add", "-A");
        Git("commit", "--quiet", "--allow-empty", "-m", message);
        return Git("rev-parse", "HEAD").Trim();
    }

    public void Checkout(string branch, bool create = false) =>
        Git(create ? ["checkout", "--quiet", "-b", branch] : ["checkout", "--quiet", branch]);

    public string Git(params string[] args)
    {
        var result = git.RunAsync(["-c", "user.name=Test", "-c", "user.email=test@example.invalid", .. args], CancellationToken.None).GetAwaiter().GetResult();
        return result.Ok ? result.Output : throw new InvalidOperationException($"git {string.Join(' ', args)}: {result.Error}");
    }
}
