using Sluice.Core.Diagnostics;

namespace Sluice.Core.Releases.Config;

/// <summary><c>packages:</c> — a list of <c>{ name, path, tag, files, changelog, policy }</c>; names and paths must be unique.</summary>
internal static class PackagesParser
{
    private static readonly string[] Keys = ["name", "path", "tag", "files", "changelog", "policy"];

    public static IReadOnlyList<PackageConfig>? Parse(ConfigReader reader, ConfigNode node, bool changelogEnabled)
    {
        var items = reader.Sequence(node, "packages");
        if (items is null)
        {
            return null;
        }

        var result = new List<PackageConfig>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            var map = reader.Mapping(item, "a package", Keys);
            if (map is null)
            {
                continue;
            }

            if (!map.TryGetValue("name", out var nameNode) || !map.TryGetValue("path", out var pathNode))
            {
                reader.Error(DiagnosticCodes.MissingKey, item, "a package needs `name` and `path`");
                continue;
            }

            var name = reader.String(nameNode, "name");
            var path = reader.String(pathNode, "path")?.Replace('\\', '/').Trim('/');
            if (name is null || path is null)
            {
                continue;
            }

            if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/' or '@'))
            {
                reader.Error(DiagnosticCodes.InvalidValue, nameNode, $"package name `{name}` may only use letters, digits, `-`, `_`, `.`, `/` and `@`");
                continue;
            }

            if (!names.Add(name))
            {
                reader.Error(DiagnosticCodes.InvalidValue, nameNode, $"package `{name}` is declared twice");
                continue;
            }

            if (path.Length == 0 || path.Split('/').Contains(".."))
            {
                reader.Error(DiagnosticCodes.InvalidValue, pathNode, $"package path `{path}` must be a directory inside the repository");
                continue;
            }

            var tag = ReleaseConfigParser.Get(map, "tag", n => ReleaseConfigParser.TagTemplateText(reader, n, "tag", name)) ?? "{name}-v{version}";
            string? changelog = changelogEnabled ? path + "/CHANGELOG.md" : null;
            if (map.TryGetValue("changelog", out var changelogNode))
            {
                changelog = changelogNode is { Kind: ConfigNodeKind.Scalar, Quoted: false, Value: "false" }
                    ? null
                    : reader.String(changelogNode, "changelog") is { } file ? path + "/" + file.TrimStart('/') : changelog;
            }

            result.Add(new PackageConfig(
                name,
                path,
                tag,
                ReleaseConfigParser.Get(map, "files", n => VersionFilesParser.Parse(reader, n, path)),
                changelog,
                ReleaseConfigParser.GetValue(map, "policy", n => ReleaseConfigParser.ParsePolicy(reader, n, "policy"))));
        }

        return result;
    }
}
