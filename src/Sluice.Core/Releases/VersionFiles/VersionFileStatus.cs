namespace Sluice.Core.Releases.VersionFiles;

internal enum VersionFileStatus
{
    /// <summary>The version was rewritten.</summary>
    Changed,

    /// <summary>The file already says the new version.</summary>
    Unchanged,

    /// <summary>The file deliberately has no static version (dynamic, inherited, computed).</summary>
    Skipped,

    /// <summary>The file exists but no version was found in it.</summary>
    NoVersion,

    /// <summary>The file does not exist.</summary>
    Missing,
}
