namespace Sluice.Engine.Releases;

/// <summary>
/// <c>sluice release verify</c>: the version the tag names and, per checked file, what it says. The report passes
/// when no file disagrees.
/// </summary>
internal sealed record VerifyReport(string Tag, string Version, string? Package, IReadOnlyList<VerifyFile> Files)
{
    public bool Ok => Files.All(f => f.Ok);

    public IEnumerable<VerifyFile> Mismatches => Files.Where(f => !f.Ok);
}
