namespace Sluice.Engine.Releases;

/// <summary>A merge attempt: merged (with the merge commit) or refused (conflicts, checks), with the host's message.</summary>
internal sealed record MergeOutcome(bool Merged, string? Sha, string Message);
