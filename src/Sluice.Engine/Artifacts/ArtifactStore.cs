using Sluice.Engine.Storage;

namespace Sluice.Engine.Artifacts;

/// <summary>
/// Keeps a job's artifacts (files selected by its <c>artifacts:</c> globs) as content-addressed blobs and
/// gives a dependent job a copy of them under its own <c>$SLUICE_ARTIFACTS</c> directory, at the same
/// relative paths. Per-job copies keep parallel jobs from seeing each other's half-written files.
/// </summary>
internal sealed class ArtifactStore(BlobDirectory blobs)
{
    public async Task<IReadOnlyList<ArtifactRecord>> CollectAsync(long runId, string jobKey, string workspace, IReadOnlyList<string> patterns, CancellationToken cancellationToken)
    {
        var records = new List<ArtifactRecord>();
        foreach (var relative in FileSelector.Select(workspace, patterns))
        {
            var (sha, size) = await blobs.PutFileAsync(Path.Combine(workspace, relative), cancellationToken);
            records.Add(new ArtifactRecord(runId, jobKey, relative, sha, size));
        }

        return records;
    }

    /// <summary>Copies the artifacts into <paramref name="directory"/>; a later job's file wins over an earlier one's with the same path.</summary>
    public void Restore(IEnumerable<ArtifactRecord> artifacts, string directory)
    {
        foreach (var artifact in artifacts)
        {
            var target = Path.GetFullPath(Path.Combine(directory, artifact.Path));
            if (target.StartsWith(Path.GetFullPath(directory), StringComparison.Ordinal) && blobs.Exists(artifact.Sha256))
            {
                blobs.CopyTo(artifact.Sha256, target);
            }
        }
    }
}
