namespace Sluice.Engine.Artifacts;

/// <summary>A saved cache: its key, when it was saved, and its files.</summary>
internal sealed record CacheEntry(string Key, DateTimeOffset CreatedAt, IReadOnlyList<CacheFile> Files);
