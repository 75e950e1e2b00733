namespace Sluice.Core.Releases.VersionFiles;

/// <summary>Where a version string sits in a file's text (character offsets) and what it currently says.</summary>
internal sealed record VersionLocation(int Start, int Length, string Value);
