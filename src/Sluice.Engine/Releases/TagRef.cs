namespace Sluice.Engine.Releases;

/// <summary>
/// A tag and the commit it points to (peeled through annotated tag objects). <see cref="ReachableFromHead"/> is
/// known when the listing could tell (git lists only reachable tags); null means "ask
/// <see cref="IReleaseRepository.IsAncestorAsync"/>" (GitHub lists all tags).
/// </summary>
internal sealed record TagRef(string Name, string CommitSha, bool? ReachableFromHead);
