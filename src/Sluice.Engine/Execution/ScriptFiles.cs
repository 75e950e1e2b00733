using System.Text;

namespace Sluice.Engine.Execution;

/// <summary>
/// The script files of a run's steps, reused: a step's script is written into a file that a step which has ended
/// used before, so a run of many short steps creates (and later deletes) as many files as steps ran at once, not
/// one per step. Creating a file is one of the larger costs of starting a short step (on ext4 the inode allocation
/// skips recently deleted inodes, which a run that just cleaned up leaves many of). A file is given back only after
/// the shell that read it has exited; bash reads its script while it runs, and nothing it started reads it later.
/// Thread-safe.
/// </summary>
internal sealed class ScriptFiles(string directory)
{
    private readonly Lock gate = new();
    private readonly List<string> free = [];
    private readonly Dictionary<string, int> lengths = new(StringComparer.Ordinal);
    private int created;

    /// <summary>Writes <paramref name="script"/> (UTF-8) to a free file with the extension; returns its path, to give back with <see cref="Return"/>.</summary>
    public string Write(string extension, string script)
    {
        var (path, length) = Rent(extension);
        var bytes = Encoding.UTF8.GetBytes(script);

        // Opened without truncation: on ext4 a file truncated to zero is written back to disk when closed (auto_da_alloc).
        using (var file = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.Write, FileShare.ReadWrite))
        {
            RandomAccess.Write(file, bytes, 0);
            if (bytes.Length < length)
            {
                RandomAccess.SetLength(file, bytes.Length);
            }
        }

        lock (gate)
        {
            lengths[path] = bytes.Length;
        }

        return path;
    }

    /// <summary>Gives the file back once the process that read it has exited.</summary>
    public void Return(string path)
    {
        lock (gate)
        {
            free.Add(path);
        }
    }

    private (string Path, int Length) Rent(string extension)
    {
        lock (gate)
        {
            var index = free.FindLastIndex(f => f.EndsWith(extension, StringComparison.Ordinal));
            if (index >= 0)
            {
                var found = free[index];
                free.RemoveAt(index);
                return (found, lengths[found]);
            }

            created++;
            return (Path.Combine(directory, $"step-{created}{extension}"), 0);
        }
    }
}
