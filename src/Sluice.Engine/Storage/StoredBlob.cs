namespace Sluice.Engine.Storage;

/// <summary>A blob in the <see cref="BlobStore"/>: its lowercase hex SHA-256 and size in bytes.</summary>
internal sealed record StoredBlob(string Sha256, long Size);
