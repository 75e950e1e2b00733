namespace Sluice.Engine.Artifacts;

/// <summary>One file of a cache entry: workspace-relative path, blob hash, size and Unix mode bits.</summary>
internal sealed record CacheFile(string Path, string Sha256, long Size, int Mode);
