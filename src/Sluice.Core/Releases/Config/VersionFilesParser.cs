using Sluice.Core.Diagnostics;
using Sluice.Core.Releases.VersionFiles;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// <c>files:</c> — a list of paths (the format follows from the file name) or mappings
/// <c>{ path, format, pattern, pep440 }</c>. A path whose name implies no format needs a <c>pattern</c>.
/// </summary>
internal static class VersionFilesParser
{
    public static IReadOnlyList<VersionFileSpec>? Parse(ConfigReader reader, ConfigNode node, string? packagePath)
    {
        var items = reader.Sequence(node, "files");
        if (items is null)
        {
            return null;
        }

        var result = new List<VersionFileSpec>();
        foreach (var item in items)
        {
            if (Item(reader, item, packagePath) is { } spec)
            {
                result.Add(spec);
            }
        }

        return result;
    }

    private static VersionFileSpec? Item(ConfigReader reader, ConfigNode item, string? packagePath)
    {
        string? path;
        string? formatName = null;
        string? pattern = null;
        var pep440 = false;
        ConfigNode at = item;
        if (item.Kind == ConfigNodeKind.Scalar)
        {
            path = reader.String(item, "files");
        }
        else
        {
            var map = reader.Mapping(item, "a `files` entry", ["path", "format", "pattern", "pep440"]);
            if (map is null)
            {
                return null;
            }

            if (!map.TryGetValue("path", out var pathNode))
            {
                reader.Error(DiagnosticCodes.MissingKey, item, "a `files` entry needs `path`");
                return null;
            }

            path = reader.String(pathNode, "path");
            at = pathNode;
            formatName = ReleaseConfigParser.Get(map, "format", n => reader.Choice(n, "format", [.. VersionFileFormats.Names, "regex"]));
            pattern = ReleaseConfigParser.Get(map, "pattern", n => reader.String(n, "pattern"));
            pep440 = ReleaseConfigParser.GetValue(map, "pep440", n => reader.Bool(n, "pep440")) ?? false;
            if (pattern is not null && formatName is not null and not "regex")
            {
                reader.Error(DiagnosticCodes.InvalidValue, map["pattern"], $"`pattern` replaces `format: {formatName}`; give one of them");
                return null;
            }
        }

        if (path is null)
        {
            return null;
        }

        path = path.Replace('\\', '/').TrimStart('/');
        if (path.Length == 0 || path.Split('/').Contains(".."))
        {
            reader.Error(DiagnosticCodes.InvalidValue, at, $"`{path}` must be a path inside the repository");
            return null;
        }

        if (packagePath is not null)
        {
            path = packagePath.TrimEnd('/') + "/" + path;
        }

        if (pattern is not null || formatName == "regex")
        {
            if (pattern is null)
            {
                reader.Error(DiagnosticCodes.MissingKey, item, "`format: regex` needs a `pattern`");
                return null;
            }

            if (!RegexVersionFormat.TryCreate(pattern, pep440, out var regex, out var error))
            {
                reader.Error(DiagnosticCodes.InvalidValue, item, $"{error} (in the `pattern` for `{path}`)");
                return null;
            }

            return new VersionFileSpec(path, regex!, true);
        }

        var format = formatName is not null ? VersionFileFormats.ByName(formatName) : VersionFileFormats.ForPath(path);
        if (format is null)
        {
            reader.Error(DiagnosticCodes.InvalidValue, at, $"cannot tell the version format of `{path}` from its name", "add `format:` or a `pattern:` with a `(?<version>...)` group");
            return null;
        }

        return new VersionFileSpec(path, format, true);
    }
}
