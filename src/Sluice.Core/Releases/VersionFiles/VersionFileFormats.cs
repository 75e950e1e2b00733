namespace Sluice.Core.Releases.VersionFiles;

/// <summary>The built-in formats by configuration name, and which format a file name implies.</summary>
internal static class VersionFileFormats
{
    public static readonly IVersionFileFormat Python = new PythonVersionFormat();
    public static readonly IVersionFileFormat Pyproject = new PyprojectVersionFormat();
    public static readonly IVersionFileFormat PackageJson = new PackageJsonVersionFormat();
    public static readonly IVersionFileFormat MsBuild = new MsBuildVersionFormat();
    public static readonly IVersionFileFormat Cargo = new CargoVersionFormat();
    public static readonly IVersionFileFormat Plain = new PlainVersionFormat();

    public static IReadOnlyList<string> Names { get; } = ["python", "pyproject", "package-json", "msbuild", "cargo", "plain"];

    public static IVersionFileFormat? ByName(string name) => name switch
    {
        "python" => Python,
        "pyproject" => Pyproject,
        "package-json" => PackageJson,
        "msbuild" => MsBuild,
        "cargo" => Cargo,
        "plain" => Plain,
        _ => null,
    };

    /// <summary>The format a path's file name implies, or null when only a configured pattern can tell.</summary>
    public static IVersionFileFormat? ForPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = path[(path.LastIndexOf('/') + 1)..];
        if (name == "pyproject.toml")
        {
            return Pyproject;
        }

        if (name == "package.json")
        {
            return PackageJson;
        }

        if (name == "Cargo.toml")
        {
            return Cargo;
        }

        if (name is "VERSION" or "VERSION.txt" or "version.txt")
        {
            return Plain;
        }

        if (name.EndsWith(".py", StringComparison.Ordinal))
        {
            return Python;
        }

        if (name.EndsWith(".csproj", StringComparison.Ordinal) || name.EndsWith(".fsproj", StringComparison.Ordinal)
            || name.EndsWith(".vbproj", StringComparison.Ordinal) || name.EndsWith(".props", StringComparison.Ordinal))
        {
            return MsBuild;
        }

        return null;
    }
}
