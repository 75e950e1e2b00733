using System.Diagnostics;
using System.Globalization;
using Sluice.Engine.Releases.Git;

namespace Sluice.Engine.Tests.Releases;

/// <summary>
/// A real git repository in a temp directory with a pinned identity and clock: every commit gets the next minute
/// after 2026-01-01, so SHAs are the same on every run. Deleted on dispose.
/// </summary>
internal sealed class TestGitRepo : IDisposable
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private int tick;

    private TestGitRepo(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Environment for git: identity, dates and no global or system configuration.</summary>
    public Dictionary<string, string> Env => new()
    {
        ["GIT_AUTHOR_NAME"] = "Test Author",
        ["GIT_AUTHOR_EMAIL"] = "author@example.com",
        ["GIT_COMMITTER_NAME"] = "Test Committer",
        ["GIT_COMMITTER_EMAIL"] = "committer@example.com",
        ["GIT_AUTHOR_DATE"] = Date,
        ["GIT_COMMITTER_DATE"] = Date,
        ["GIT_CONFIG_NOSYSTEM"] = "1",
        ["GIT_CONFIG_GLOBAL"] = "/dev/null",
    };

    private string Date => "@" + (Epoch.ToUnixTimeSeconds() + (tick * 60)).ToString(CultureInfo.InvariantCulture) + " +0000";

    public static TestGitRepo Create(string branch = "main", bool bare = false)
    {
        var dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sluice-rel-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        var repo = new TestGitRepo(dir);
        if (bare)
        {
            repo.Git("init", "-q", "--bare", "-b", branch);
        }
        else
        {
            repo.Git("init", "-q", "-b", branch);
            repo.Git("config", "commit.gpgsign", "false");
            repo.Git("config", "tag.gpgsign", "false");
        }

        return repo;
    }

    public GitReleaseRepository Repository() => new(Path, "origin", Env);

    public string Git(params string[] args)
    {
        var psi = new ProcessStartInfo("git") { WorkingDirectory = Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in Env)
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed: {stderr}");
        }

        return stdout.Trim();
    }

    /// <summary>Writes the files (if any), commits everything with the message, returns the SHA.</summary>
    public string Commit(string message, params (string Path, string Content)[] files)
    {
        tick++;
        foreach (var (path, content) in files)
        {
            Write(path, content);
        }

        Git("add", "-A");
        Git("commit", "-q", "--allow-empty", "-m", message);
        return Head;
    }

    public void Write(string path, string content)
    {
        var full = System.IO.Path.Combine(Path, path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, content);
    }

    public string Read(string path) => File.ReadAllText(System.IO.Path.Combine(Path, path));

    public void Tag(string name, string? target = null)
    {
        tick++;
        Git("tag", "-a", name, "-m", "Release " + name, target ?? "HEAD");
    }

    /// <summary>Merges <paramref name="branch"/> into the checked-out branch with a merge commit.</summary>
    public string Merge(string branch)
    {
        tick++;
        Git("merge", "-q", "--no-ff", "-m", $"Merge branch '{branch}'", branch);
        return Head;
    }

    public string Revert(string sha)
    {
        tick++;
        Git("revert", "--no-edit", sha);
        return Head;
    }

    public string Head => Git("rev-parse", "HEAD");

    public IReadOnlyList<string> Tags => Git("tag", "--list").Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>A bare repository added as <c>origin</c>; the current branch is pushed to it.</summary>
    public TestGitRepo AddBareOrigin()
    {
        var origin = Create(bare: true);
        Git("remote", "add", "origin", origin.Path);
        Git("push", "-q", "origin", "HEAD");
        return origin;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
