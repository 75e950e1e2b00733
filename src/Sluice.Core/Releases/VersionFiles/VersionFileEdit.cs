namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// The result of rewriting (or checking) one version file: the old and new version strings as the file spells them,
/// and the full text before and after (null when the file is missing or left alone).
/// </summary>
internal sealed record VersionFileEdit(
    string Path,
    string Format,
    VersionFileStatus Status,
    string? OldValue,
    string NewValue,
    string? Before,
    string? After,
    string? Note)
{
    /// <summary>A configured file in this state cannot be released or verified.</summary>
    public bool IsProblem => Status is VersionFileStatus.Missing or VersionFileStatus.NoVersion;
}
