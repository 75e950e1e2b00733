using Sluice.Engine.Storage;

namespace Sluice.Engine.Artifacts;

/// <summary>
/// Keeps a job's artifacts (files selected by its <c>artifacts:</c> globs) as content-addressed blobs and
/// gives a dependent job a copy of them under its own <c>$SLUICE_ARTIFACTS</c> directory, at the same
/// relative paths. Per-job copies keep parallel jobs from seeing each other's half-written files.
/// </summary>
internal sealed class ArtifactStore(BlobStore blobs)
{
    public async Task<IReadOnlyList<ArtifactRecord>> CollectAsync(long runId, string jobKey, string workspace, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        var records = new List<ArtifactRecord>();
        foreach (var relative in FileSelector.Select(workspace, patterns))
        {
            var blob = await blobs.PutFileAsync(Path.Combine(workspace, relative), cancellationToken);
            records.Add(new ArtifactRecord(runId, jobKey, relative, blob.Sha256, blob.Size));
        }

        return records;
    }

    /// <summary>Copies the artifacts into <paramref name="directory"/>; a later job's file wins over an earlier one's with the same path.</summary>
    public async Task RestoreAsync(IEnumerable<ArtifactRecord> artifacts, string directory, CancellationToken cancellationToken)
    {
        foreach (var artifact in artifacts)
        {
            var target = Path.GetFullPath(Path.Combine(directory, artifact.Path));
            if (target.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal))
            {
                await CopyBlobAsync(blobs, artifact.Sha256, target, cancellationToken);
            }
        }
    }

    /// <summary>Copies a blob to a file; false when the blob is not stored (pruned).</summary>
    public static async Task<bool> CopyBlobAsync(BlobStore blobs, string sha256, string target, CancellationToken cancellationToken)
    {
        await using var source = blobs.Open(sha256);
        if (source is null)
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        await using var destination = new FileStream(target, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
        await source.CopyToAsync(destination, cancellationToken);
        return true;
    }
}
