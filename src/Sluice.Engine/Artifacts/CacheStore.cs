using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Artifacts;

/// <summary>
/// Job caches, content-addressed: an entry is a manifest (<c>&lt;state&gt;/caches/&lt;sha256(key)&gt;.json</c>: key,
/// time, files with their blob hash and mode) over the shared blob directory, so identical files across
/// entries are stored once. Restore tries the exact key, then each restore key as a prefix (newest entry
/// first), like GitHub's cache. Entries are immutable: saving an existing key is a no-op. An entry whose blobs
/// were pruned is a miss (and is forgotten), never a partial restore.
/// </summary>
internal sealed class CacheStore(string root, BlobStore blobs, TimeProvider time)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<CacheRestore> RestoreAsync(string key, IReadOnlyList<string> restoreKeys, string workspace, CancellationToken cancellationToken)
    {
        var entry = await LoadAsync(ManifestPath(key), cancellationToken);
        var exact = entry is not null;
        if (entry is null)
        {
            var all = await LoadAllAsync(cancellationToken);
            foreach (var prefix in restoreKeys.Where(p => p.Length > 0))
            {
                entry = all.Where(e => e.Key.StartsWith(prefix, StringComparison.Ordinal)).OrderByDescending(e => e.CreatedAt).FirstOrDefault();
                if (entry is not null)
                {
                    break;
                }
            }
        }

        if (entry is not null && entry.Files.Any(f => !blobs.Exists(f.Sha256)))
        {
            File.Delete(ManifestPath(entry.Key));
            entry = null;
        }

        if (entry is null)
        {
            return new CacheRestore(false, null, 0);
        }

        foreach (var file in entry.Files)
        {
            var target = Path.GetFullPath(Path.Combine(workspace, file.Path));
            if (!target.StartsWith(Path.GetFullPath(workspace), StringComparison.Ordinal)
                || !await ArtifactStore.CopyBlobAsync(blobs, file.Sha256, target, cancellationToken))
            {
                continue;
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, (UnixFileMode)file.Mode);
            }
        }

        return new CacheRestore(exact, entry.Key, entry.Files.Count);
    }

    /// <summary>Saves the files selected by <paramref name="paths"/> under <paramref name="key"/>; returns how many (0 when the key exists or nothing matched).</summary>
    public async Task<int> SaveAsync(string key, IReadOnlyList<string> paths, string workspace, CancellationToken cancellationToken)
    {
        var manifestPath = ManifestPath(key);
        if (File.Exists(manifestPath))
        {
            return 0;
        }

        var files = new List<CacheFile>();
        foreach (var relative in FileSelector.Select(workspace, paths))
        {
            var full = Path.Combine(workspace, relative);
            var blob = await blobs.PutFileAsync(full, cancellationToken);
            var mode = OperatingSystem.IsWindows() ? 0 : (int)File.GetUnixFileMode(full);
            files.Add(new CacheFile(relative, blob.Sha256, blob.Size, mode));
        }

        if (files.Count == 0)
        {
            return 0;
        }

        Directory.CreateDirectory(root);
        var temporary = manifestPath + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(new CacheEntry(key, time.GetUtcNow(), files), Json), cancellationToken);
        File.Move(temporary, manifestPath, overwrite: true);
        return files.Count;
    }

    /// <summary>Every blob hash a cache entry still refers to (kept by pruning).</summary>
    public async Task<IReadOnlySet<string>> ReferencedBlobsAsync(CancellationToken cancellationToken) =>
        (await LoadAllAsync(cancellationToken)).SelectMany(e => e.Files.Select(f => f.Sha256)).ToHashSet(StringComparer.Ordinal);

    private string ManifestPath(string key) =>
        Path.Combine(root, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))) + ".json");

    private async Task<List<CacheEntry>> LoadAllAsync(CancellationToken cancellationToken)
    {
        var entries = new List<CacheEntry>();
        if (!Directory.Exists(root))
        {
            return entries;
        }

        foreach (var file in Directory.EnumerateFiles(root, "*.json"))
        {
            if (await LoadAsync(file, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private static async Task<CacheEntry?> LoadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<CacheEntry>(await File.ReadAllTextAsync(path, cancellationToken), Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
