using System.Runtime.Versioning;
using Sluice.Engine.Agents;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Agents;

/// <summary>
/// An agent's job directories are reused between jobs, and each job still starts in empty ones: nothing a job leaves
/// reaches the next, and nothing outside the directory is touched when emptying it.
/// </summary>
[SupportedOSPlatform("linux")] // Agents run on Linux only.
public sealed class JobDirectoriesTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    private string Root => Path.Combine(temp.Path, "jobs");

    [Fact]
    public void Rent_Fresh_HasEmptyWorkspaceAndTempWithTheEmptyArtifactsDirectory()
    {
        using var directories = new JobDirectories(Root);

        var directory = directories.Rent();

        Directory.EnumerateFileSystemEntries(directory.Workspace).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(directory.Temp).ShouldBe([directory.EmptyArtifacts]);
        Directory.EnumerateFileSystemEntries(directory.EmptyArtifacts).ShouldBeEmpty();
        Path.GetDirectoryName(directory.Root).ShouldBe(Root);
    }

    [Fact]
    public void Return_ThenRent_ReusesTheDirectoryEmptiedOfEverythingTheJobLeft()
    {
        using var directories = new JobDirectories(Root);
        var first = directories.Rent();
        File.WriteAllText(Path.Combine(first.Workspace, "build.log"), "x");
        File.WriteAllText(Path.Combine(first.Workspace, ".hidden"), "x");
        Directory.CreateDirectory(Path.Combine(first.Workspace, ".git", "objects", "ab"));
        File.WriteAllText(Path.Combine(first.Workspace, ".git", "objects", "ab", "cd"), "x");
        var readOnly = Path.Combine(first.Workspace, "readonly.txt");
        File.WriteAllText(readOnly, "x");
        File.SetUnixFileMode(readOnly, UnixFileMode.UserRead);
        File.WriteAllText(Path.Combine(first.Temp, "step-1.sh"), "x");
        File.WriteAllText(Path.Combine(first.EmptyArtifacts, "stray"), "x");
        File.WriteAllText(Path.Combine(first.Root, "next-to-workspace"), "x");

        directories.Return(first);
        var second = directories.Rent();

        second.ShouldBe(first);
        Directory.EnumerateFileSystemEntries(second.Workspace).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(second.Temp).ShouldBe([second.EmptyArtifacts]);
        Directory.EnumerateFileSystemEntries(second.EmptyArtifacts).ShouldBeEmpty();
        Directory.EnumerateFileSystemEntries(second.Root).Order(StringComparer.Ordinal).ShouldBe([second.Temp, second.Workspace]);
    }

    [Fact]
    public void Return_ALinkInTheWorkspace_RemovesTheLinkNotWhatItPointsAt()
    {
        var outside = Path.Combine(temp.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "precious"), "keep me");
        using var directories = new JobDirectories(Root);
        var directory = directories.Rent();
        Directory.CreateSymbolicLink(Path.Combine(directory.Workspace, "to-dir"), outside);
        File.CreateSymbolicLink(Path.Combine(directory.Workspace, "to-file"), Path.Combine(outside, "precious"));

        directories.Return(directory);

        Directory.EnumerateFileSystemEntries(directory.Workspace).ShouldBeEmpty();
        File.ReadAllText(Path.Combine(outside, "precious")).ShouldBe("keep me");
    }

    [Fact]
    public void Return_WorkspaceReplacedByALink_DeletesTheDirectoryWithoutFollowingItAndRentsAFreshOne()
    {
        var outside = Path.Combine(temp.Path, "outside");
        Directory.CreateDirectory(outside);
        File.WriteAllText(Path.Combine(outside, "precious"), "keep me");
        using var directories = new JobDirectories(Root);
        var directory = directories.Rent();
        Directory.Delete(directory.Workspace);
        Directory.CreateSymbolicLink(directory.Workspace, outside);

        directories.Return(directory);
        var next = directories.Rent();

        Directory.Exists(directory.Root).ShouldBeFalse();
        File.ReadAllText(Path.Combine(outside, "precious")).ShouldBe("keep me");
        next.ShouldNotBe(directory);
        Directory.EnumerateFileSystemEntries(next.Workspace).ShouldBeEmpty();
    }

    [Fact]
    public void Return_TempReplacedByAFile_DiscardsTheDirectory()
    {
        using var directories = new JobDirectories(Root);
        var directory = directories.Rent();
        Directory.Delete(directory.Temp, recursive: true);
        File.WriteAllText(directory.Temp, "not a directory");

        directories.Return(directory);

        Directory.Exists(directory.Root).ShouldBeFalse();
        var next = directories.Rent();
        next.ShouldNotBe(directory);
        Directory.Exists(next.EmptyArtifacts).ShouldBeTrue();
    }

    [Fact]
    public void Rent_AKeptDirectoryWrittenToSinceItsJobEnded_IsReplacedByAFreshOne()
    {
        using var directories = new JobDirectories(Root);
        var directory = directories.Rent();
        directories.Return(directory);
        File.WriteAllText(Path.Combine(directory.Workspace, "from-a-daemon"), "late write of an escaped process");

        var next = directories.Rent();

        next.ShouldNotBe(directory);
        Directory.Exists(directory.Root).ShouldBeFalse();
        Directory.EnumerateFileSystemEntries(next.Workspace).ShouldBeEmpty();
    }

    [Fact]
    public void Rent_AKeptDirectoryWhoseModeAJobChanged_IsReplacedByAFreshOne()
    {
        using var directories = new JobDirectories(Root);
        var directory = directories.Rent();
        var created = File.GetUnixFileMode(directory.Temp);
        File.SetUnixFileMode(directory.Temp, created | UnixFileMode.OtherWrite | UnixFileMode.OtherRead | UnixFileMode.OtherExecute | UnixFileMode.SetGroup);
        directories.Return(directory);

        var next = directories.Rent();

        next.ShouldNotBe(directory);
        File.GetUnixFileMode(next.Temp).ShouldBe(created);
    }

    [Fact]
    public async Task Rent_ConcurrentJobs_NeverShareADirectory()
    {
        using var directories = new JobDirectories(Root);
        var held = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clash = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 50; i++)
            {
                var directory = directories.Rent();
                if (!held.TryAdd(directory.Root, 0))
                {
                    Interlocked.Increment(ref clash);
                }

                File.WriteAllText(Path.Combine(directory.Workspace, "mine"), directory.Root);
                held.TryRemove(directory.Root, out var _);
                directories.Return(directory);
            }
        })));

        clash.ShouldBe(0);
        Directory.GetDirectories(Root).Length.ShouldBeLessThanOrEqualTo(8);
    }

    [Fact]
    public void Dispose_DeletesTheDirectoriesNotRentedOut()
    {
        var directories = new JobDirectories(Root);
        var returned = directories.Rent();
        var stillRented = directories.Rent();
        directories.Return(returned);

        directories.Dispose();

        Directory.Exists(returned.Root).ShouldBeFalse();
        Directory.Exists(stillRented.Workspace).ShouldBeTrue();
    }
}
