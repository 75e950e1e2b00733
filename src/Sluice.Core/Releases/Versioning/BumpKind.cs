namespace Sluice.Core.Releases.Versioning;

/// <summary>How much a release moves the version. Ordered: a larger value wins when commits disagree.</summary>
internal enum BumpKind
{
    None = 0,
    Patch = 1,
    Minor = 2,
    Major = 3,
}
