namespace Sluice.Engine.Artifacts;

/// <summary>What a cache restore found: an exact hit, a restore-key (prefix) hit, or nothing (<see cref="Key"/> null).</summary>
internal sealed record CacheRestore(bool Exact, string? Key, int Files);
