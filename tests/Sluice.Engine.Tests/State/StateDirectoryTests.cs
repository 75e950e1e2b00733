using System.Diagnostics;
using Sluice.Engine.State;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.State;

public sealed class StateDirectoryTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Resolve_Flag_WinsOverEnvironmentAndGit()
    {
        var repo = InitRepo("repo");

        var state = StateDirectory.Resolve("custom/state", Env("/elsewhere"), repo);

        (state.Root, state.Source).ShouldBe((Path.Combine(repo, "custom", "state"), StateDirectorySource.Flag));
    }

    [Fact]
    public void Resolve_Environment_WinsOverGit()
    {
        var repo = InitRepo("repo");

        var state = StateDirectory.Resolve(null, Env(Path.Combine(temp.Path, "env-state")), repo);

        (state.Root, state.Source).ShouldBe((Path.Combine(temp.Path, "env-state"), StateDirectorySource.Environment));
    }

    [Fact]
    public void Resolve_InsideARepository_UsesTheGitDirectoryFromAnySubdirectory()
    {
        var repo = InitRepo("repo");
        var sub = Directory.CreateDirectory(Path.Combine(repo, "src", "deep")).FullName;

        var fromRoot = StateDirectory.Resolve(null, Env(null), repo);
        var fromSub = StateDirectory.Resolve(null, Env(""), sub);

        fromRoot.Root.ShouldBe(Path.Combine(repo, ".git", "sluice"));
        fromRoot.Source.ShouldBe(StateDirectorySource.GitCommonDirectory);
        fromSub.Root.ShouldBe(fromRoot.Root);
    }

    [Fact]
    public void Resolve_InALinkedWorktree_SharesTheMainRepositoryState()
    {
        var repo = InitRepo("repo");
        Git(repo, "commit", "--allow-empty", "-q", "-m", "first");
        var worktree = Path.Combine(temp.Path, "wt");
        Git(repo, "worktree", "add", "-q", worktree);

        var state = StateDirectory.Resolve(null, Env(null), Path.Combine(worktree));

        File.Exists(Path.Combine(worktree, ".git")).ShouldBeTrue();
        state.Root.ShouldBe(Path.Combine(repo, ".git", "sluice"));
    }

    [Fact]
    public void Resolve_GitFileWithoutCommonDir_UsesTheDirectoryItPointsTo()
    {
        var gitDir = Directory.CreateDirectory(Path.Combine(temp.Path, "modules", "lib")).FullName;
        var work = Directory.CreateDirectory(Path.Combine(temp.Path, "lib")).FullName;
        File.WriteAllText(Path.Combine(work, ".git"), "gitdir: ../modules/lib\n");

        StateDirectory.Resolve(null, Env(null), work).Root.ShouldBe(Path.Combine(gitDir, "sluice"));
    }

    [Fact]
    public void Resolve_OutsideAnyRepository_UsesDotSluiceStateInTheWorkingDirectory()
    {
        var plain = Directory.CreateDirectory(Path.Combine(temp.Path, "plain")).FullName;

        var state = StateDirectory.Resolve(null, Env(null), plain);

        (state.Root, state.Source).ShouldBe((Path.Combine(plain, ".sluice-state"), StateDirectorySource.WorkingDirectory));
    }

    [Fact]
    public void EnsureCreated_CreatesTheLayout_WithoutTouchingTheWorkTree()
    {
        var repo = InitRepo("repo");
        var state = StateDirectory.Resolve(null, Env(null), repo);

        state.EnsureCreated();

        foreach (var dir in new[] { state.BlobsPath, state.CachesPath, state.TempPath })
        {
            Directory.Exists(dir).ShouldBeTrue();
        }

        state.DatabasePath.ShouldBe(Path.Combine(repo, ".git", "sluice", "sluice.db"));
        state.HasDatabase.ShouldBeFalse();
        Git(repo, "status", "--porcelain").ShouldBeEmpty();
    }

    private static Func<string, string?> Env(string? stateDir) =>
        name => name == StateDirectory.EnvironmentVariable ? stateDir : null;

    private string InitRepo(string name)
    {
        var path = Directory.CreateDirectory(Path.Combine(temp.Path, name)).FullName;
        Git(path, "init", "-q");
        return path;
    }

    private static string Git(string directory, params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "-c", "user.name=Test", "-c", "user.email=test@example.com" }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, $"git {string.Join(' ', args)}: {error}");
        return output;
    }
}
