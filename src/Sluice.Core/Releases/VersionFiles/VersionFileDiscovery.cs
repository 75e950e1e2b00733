namespace Sluice.Core.Releases.VersionFiles;

/// <summary>
/// Finds candidate version files when none are configured: <c>VERSION</c>, <c>pyproject.toml</c>,
/// <c>package.json</c>, <c>Cargo.toml</c> and <c>Directory.Build.props</c> at the package root, project files and
/// Python <c>__init__.py</c>/<c>version.py</c>/<c>_version.py</c> up to three directories down (not under tests,
/// docs or examples). Candidates are only used when their content carries a version.
/// </summary>
internal static class VersionFileDiscovery
{
    private static readonly string[] RootFiles = ["VERSION", "pyproject.toml", "package.json", "Cargo.toml", "Directory.Build.props"];
    private static readonly string[] PythonFiles = ["__init__.py", "version.py", "_version.py", "__version__.py"];
    private static readonly string[] SkippedDirectories = ["tests", "test", "docs", "examples", "node_modules", "vendor", "third_party"];

    /// <param name="files">Repository paths relative to its root, with <c>/</c> separators.</param>
    /// <param name="root">The package directory (<c>services/api</c>), or null for the repository root.</param>
    public static IReadOnlyList<VersionFileSpec> Candidates(IEnumerable<string> files, string? root)
    {
        ArgumentNullException.ThrowIfNull(files);
        var prefix = string.IsNullOrEmpty(root) ? "" : root.TrimEnd('/') + "/";
        var result = new List<VersionFileSpec>();
        foreach (var path in files)
        {
            if (!path.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var relative = path[prefix.Length..];
            var segments = relative.Split('/');
            var name = segments[^1];
            var depth = segments.Length - 1;
            if (depth == 0 && RootFiles.Contains(name))
            {
                result.Add(new VersionFileSpec(path, VersionFileFormats.ForPath(path)!, false));
                continue;
            }

            if (depth > 3 || segments[..^1].Any(s => SkippedDirectories.Contains(s) || s.StartsWith('.')))
            {
                continue;
            }

            if (PythonFiles.Contains(name) && depth >= 1)
            {
                result.Add(new VersionFileSpec(path, VersionFileFormats.Python, false));
            }
            else if (name.EndsWith(".csproj", StringComparison.Ordinal) || name.EndsWith(".fsproj", StringComparison.Ordinal))
            {
                result.Add(new VersionFileSpec(path, VersionFileFormats.MsBuild, false));
            }
        }

        result.Sort((a, b) => string.CompareOrdinal(a.Path, b.Path));
        return result;
    }
}
