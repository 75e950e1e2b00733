namespace Sluice.Engine.Releases;

/// <summary>What an executed release did: the commit the tags point at, the tags, and what publishing did (or would do later).</summary>
internal sealed record ReleaseOutcome(string CommitSha, IReadOnlyList<string> Tags, PublishRequest Publish, string? Published);
