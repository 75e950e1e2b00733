namespace Sluice.Engine.Releases;

/// <summary>A release page on the host (GitHub release) for a tag, with the changelog section as its notes.</summary>
internal sealed record HostRelease(string Tag, string Name, string Body, bool Prerelease);
