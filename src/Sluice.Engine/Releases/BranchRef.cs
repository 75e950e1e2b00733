namespace Sluice.Engine.Releases;

/// <summary>A branch as listed for sprint roll-ups. <see cref="Ref"/> is what to merge (<c>s3</c> or <c>origin/s3</c> in git mode).</summary>
internal sealed record BranchRef(string Name, string Sha, string Ref);
