using System.Buffers;
using System.Security.Cryptography;

namespace Sluice.Engine.Storage;

/// <summary>
/// Content-addressed files under <c>blobs/&lt;sha256[0..2]&gt;/&lt;sha256&gt;</c>. A blob is written to the temp
/// directory (same file system), flushed to disk, then renamed into place, so a reader never sees a partial
/// blob and a crash leaves at most a stray temp file. Equal content is stored once. Blobs are referenced by
/// <see cref="ArtifactRecord.Sha256"/>; <see cref="IRunStore.PruneAsync"/> reports the ones nothing references.
/// </summary>
internal sealed class BlobStore
{
    private readonly string root;
    private readonly string tempDirectory;

    public BlobStore(string root, string tempDirectory)
    {
        this.root = Path.GetFullPath(root);
        this.tempDirectory = Path.GetFullPath(tempDirectory);
    }

    public async Task<StoredBlob> PutAsync(Stream content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $"blob-{Guid.NewGuid():N}.tmp");
        try
        {
            string hash;
            long size = 0;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
                try
                {
                    int read;
                    while ((read = await content.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        sha.AppendData(buffer, 0, read);
                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                        size += read;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }

                file.Flush(flushToDisk: true);
                hash = Convert.ToHexStringLower(sha.GetHashAndReset());
            }

            var target = PathOf(hash);
            if (File.Exists(target))
            {
                File.Delete(temp);
            }
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);

                // Another writer may have placed the same content meanwhile; replacing equal bytes is harmless.
                File.Move(temp, target, overwrite: true);
            }

            return new StoredBlob(hash, size);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public async Task<StoredBlob> PutFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await PutAsync(source, cancellationToken);
    }

    /// <summary>Opens a blob for reading, or null when it is not stored.</summary>
    public Stream? Open(string sha256)
    {
        try
        {
            return new FileStream(PathOf(sha256), FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 1 << 16, FileOptions.Asynchronous);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>Deletes a blob; true when it existed.</summary>
    public bool Delete(string sha256)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Hashes of every stored blob (for sweeps and diagnostics).</summary>
    public IEnumerable<string> Enumerate() =>
        Directory.Exists(root)
            ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Where(IsSha256)
            : [];

    /// <summary>Where the blob lives; rejects anything but 64 lowercase hex digits so a hash can never escape the root.</summary>
    public string PathOf(string sha256)
    {
        if (!IsSha256(sha256))
        {
            throw new ArgumentException($"`{sha256}` is not a lowercase hex SHA-256", nameof(sha256));
        }

        return Path.Combine(root, sha256[..2], sha256);
    }

    private static bool IsSha256(string value) => value.Length == 64 && value.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
