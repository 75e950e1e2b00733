using System.Collections.Concurrent;

namespace Sluice.Engine.Agents;

/// <summary>
/// The agent's job directories (<c>workspace</c> and <c>tmp</c> of one job at a time), kept and emptied between jobs
/// instead of created and deleted for each. On ext4 a directory made right after others were removed costs an inode
/// search past the recently deleted ones; with four mkdir and four rmdir per job that was an eighth of the agent's CPU
/// on short jobs.
/// <para>
/// Contract: <see cref="Rent"/> returns a directory whose workspace and temp directories exist and are empty (apart
/// from the empty <c>tmp/no-artifacts</c>) with the modes they were created with; no two callers hold the same one. A
/// kept directory is checked for that again when rented (a process that escaped an earlier job's process group may
/// have written to it meanwhile) and replaced if it fails. <see cref="Return"/> empties it for the
/// next job; whatever it cannot prove empty (an entry it failed to remove, a part replaced by a symbolic link or made
/// unreadable by the job) is deleted as a whole, never followed, and a fresh one is made on the next rent. Disposing
/// deletes the directories not rented out. Thread-safe.
/// </para>
/// </summary>
internal sealed class JobDirectories(string root) : IDisposable
{
    private readonly ConcurrentStack<JobDirectory> free = new();

    public JobDirectory Rent()
    {
        while (free.TryPop(out var kept))
        {
            // Checked again: a process of an earlier job that left its step's process group (a daemon, `setsid`) may
            // have written here since the directory was emptied, or changed a mode.
            if (IsAsCreated(kept))
            {
                return kept;
            }

            TryDelete(kept.Root);
        }

        var path = Path.Combine(root, Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path.Combine(path, "workspace"));
        Directory.CreateDirectory(Path.Combine(path, "tmp", "no-artifacts"));
        return new JobDirectory(path) { Modes = Parts(path).Select(p => new DirectoryInfo(p.Path).UnixFileMode).ToArray() };
    }

    public void Return(JobDirectory directory)
    {
        if (TryEmpty(directory))
        {
            free.Push(directory);
        }
        else
        {
            TryDelete(directory.Root);
        }
    }

    public void Dispose()
    {
        while (free.TryPop(out var directory))
        {
            TryDelete(directory.Root);
        }
    }

    private static bool TryEmpty(JobDirectory directory)
    {
        try
        {
            // A job may have replaced any of these with a link to somewhere else: emptying it would then delete files
            // that are not the job's. Each must still be a real directory, and only its entries go.
            var parts = Parts(directory.Root);
            if (!parts.All(part => IsRealDirectory(part.Path)))
            {
                return false;
            }

            foreach (var (path, keeps) in parts)
            {
                EmptyDirectory(path, keeps);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Each part a real directory with its original mode, holding nothing but the parts under it.</summary>
    private static bool IsAsCreated(JobDirectory directory)
    {
        try
        {
            var parts = Parts(directory.Root);
            for (var i = 0; i < parts.Length; i++)
            {
                var info = new DirectoryInfo(parts[i].Path);
                if (!info.Exists || (info.Attributes & FileAttributes.ReparsePoint) != 0 || info.UnixFileMode != directory.Modes[i]
                    || info.EnumerateFileSystemInfos("*", Options).Any(e => Array.IndexOf(parts[i].Keeps, e.Name) < 0))
                {
                    return false;
                }
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The four directories of a job directory, each with the names it may hold.</summary>
    private static (string Path, string[] Keeps)[] Parts(string root) =>
    [
        (root, ["workspace", "tmp"]),
        (Path.Combine(root, "workspace"), []),
        (Path.Combine(root, "tmp"), ["no-artifacts"]),
        (Path.Combine(root, "tmp", "no-artifacts"), []),
    ];

    private static void EmptyDirectory(string path, string[] keeps)
    {
        foreach (var entry in new DirectoryInfo(path).EnumerateFileSystemInfos("*", Options))
        {
            if (Array.IndexOf(keeps, entry.Name) >= 0)
            {
                continue;
            }

            // A link is removed as a link (unlink), whatever it points at; a real directory recursively, which does not
            // follow the links inside it either.
            if (entry is DirectoryInfo subdirectory && (subdirectory.Attributes & FileAttributes.ReparsePoint) == 0)
            {
                subdirectory.Delete(recursive: true);
            }
            else
            {
                File.Delete(entry.FullName);
            }
        }
    }

    /// <summary>A directory, not a link to one: one lstat (a link has <see cref="FileAttributes.ReparsePoint"/>), no readlink.</summary>
    private static bool IsRealDirectory(string path)
    {
        var info = new DirectoryInfo(path);
        return info.Exists && (info.Attributes & FileAttributes.ReparsePoint) == 0;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static readonly EnumerationOptions Options = new()
    {
        AttributesToSkip = 0, IgnoreInaccessible = false, RecurseSubdirectories = false, ReturnSpecialDirectories = false,
    };
}

/// <summary>One job's directories: <see cref="Workspace"/> (the checkout and the steps' working directory) and
/// <see cref="Temp"/>, both under <see cref="Root"/>.</summary>
internal sealed record JobDirectory(string Root)
{
    /// <summary>The modes the four directories were created with (root, workspace, tmp, tmp/no-artifacts).</summary>
    public UnixFileMode[] Modes { get; init; } = [];

    public string Workspace => Path.Combine(Root, "workspace");

    public string Temp => Path.Combine(Root, "tmp");

    public string EmptyArtifacts => Path.Combine(Root, "tmp", "no-artifacts");
}
