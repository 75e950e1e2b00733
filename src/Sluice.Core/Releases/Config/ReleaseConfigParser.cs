using Sluice.Core.Diagnostics;
using Sluice.Core.Releases.Versioning;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// Parses <c>.sluice/release.yml</c>. Every problem becomes a diagnostic with <c>file:line:col</c> (codes SL10xx as
/// for pipelines: syntax, duplicate, unknown key, wrong type, invalid value); the config is returned only when
/// there is no error. An empty file means all defaults.
/// </summary>
internal static class ReleaseConfigParser
{
    internal static readonly string[] TopKeys =
    [
        "policy", "tag", "first-version", "breaking-before-1.0", "include-merges", "other", "changelog", "files",
        "commit-message", "tag-message", "branch", "push", "remote", "github", "sprint", "packages",
    ];

    internal static readonly string[] PolicyNames = ["conventional", "sprint", "major", "minor", "patch"];

    public static ReleaseConfigResult Parse(string text, string file = ReleaseConfig.DefaultPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var diagnostics = new List<Diagnostic>();
        var root = ConfigNodeReader.Read(text, file, diagnostics);
        if (diagnostics.Count > 0)
        {
            return new ReleaseConfigResult(null, diagnostics);
        }

        if (root is null || root.IsNull)
        {
            return new ReleaseConfigResult(ReleaseConfig.Default, diagnostics);
        }

        var reader = new ConfigReader(file, diagnostics);
        var map = reader.Mapping(root, "the release configuration", TopKeys);
        if (map is null)
        {
            return new ReleaseConfigResult(null, diagnostics);
        }

        var d = ReleaseConfig.Default;
        var config = d with
        {
            Policy = GetValue(map, "policy", n => ParsePolicy(reader, n, "policy")) ?? d.Policy,
            Tag = Get(map, "tag", n => TagTemplateText(reader, n, "tag", null)) ?? d.Tag,
            FirstVersion = Get(map, "first-version", n => Version(reader, n)) ?? d.FirstVersion,
            BreakingBeforeOne = Get(map, "breaking-before-1.0", n => reader.Choice(n, "breaking-before-1.0", ["minor", "major"])) is { } b
                ? (b == "major" ? BumpKind.Major : BumpKind.Minor)
                : d.BreakingBeforeOne,
            IncludeMerges = GetValue(map, "include-merges", n => reader.Bool(n, "include-merges")) ?? d.IncludeMerges,
            IncludeOther = GetValue(map, "other", n => reader.Bool(n, "other")) ?? d.IncludeOther,
            Changelog = Get(map, "changelog", n => Changelog(reader, n)) ?? d.Changelog,
            Files = Get(map, "files", n => VersionFilesParser.Parse(reader, n, null)) ?? d.Files,
            CommitMessage = Get(map, "commit-message", n => reader.String(n, "commit-message")) ?? d.CommitMessage,
            TagMessage = Get(map, "tag-message", n => reader.String(n, "tag-message")) ?? d.TagMessage,
            Branch = Get(map, "branch", n => reader.String(n, "branch")) ?? d.Branch,
            Push = GetValue(map, "push", n => reader.Bool(n, "push")) ?? d.Push,
            Remote = Get(map, "remote", n => reader.String(n, "remote")) ?? d.Remote,
            GitHub = Get(map, "github", n => GitHub(reader, n)) ?? d.GitHub,
            Sprint = Get(map, "sprint", n => SprintConfigParser.Parse(reader, n)) ?? d.Sprint,
        };

        if (map.TryGetValue("packages", out var packagesNode))
        {
            var changelogEnabled = config.Changelog.Enabled;
            config = config with { Packages = PackagesParser.Parse(reader, packagesNode, changelogEnabled) ?? [] };
        }

        var hasError = diagnostics.Any(x => x.IsError);
        return new ReleaseConfigResult(hasError ? null : config, diagnostics);
    }

    /// <summary>Reads an optional key holding a reference type; null when absent or invalid.</summary>
    internal static T? Get<T>(Dictionary<string, ConfigNode> map, string key, Func<ConfigNode, T?> read)
        where T : class => map.TryGetValue(key, out var node) ? read(node) : null;

    /// <summary>Reads an optional key holding a value type; null when absent or invalid.</summary>
    internal static T? GetValue<T>(Dictionary<string, ConfigNode> map, string key, Func<ConfigNode, T?> read)
        where T : struct => map.TryGetValue(key, out var node) ? read(node) : null;

    internal static BumpPolicy? ParsePolicy(ConfigReader reader, ConfigNode node, string key) =>
        reader.Choice(node, key, PolicyNames) switch
        {
            "conventional" => BumpPolicy.Conventional,
            "sprint" => BumpPolicy.Sprint,
            "major" => BumpPolicy.Major,
            "minor" => BumpPolicy.Minor,
            "patch" => BumpPolicy.Patch,
            _ => null,
        };

    internal static string? TagTemplateText(ConfigReader reader, ConfigNode node, string key, string? packageName)
    {
        var text = reader.String(node, key);
        if (text is null)
        {
            return null;
        }

        if (!TagTemplate.TryCreate(text, packageName ?? (text.Contains("{name}", StringComparison.Ordinal) ? null : "x"), out _, out var error))
        {
            reader.Error(DiagnosticCodes.InvalidValue, node, error!);
            return null;
        }

        return text;
    }

    private static SemVersion? Version(ConfigReader reader, ConfigNode node)
    {
        var text = reader.String(node, "first-version");
        if (text is null)
        {
            return null;
        }

        if (SemVersion.TryParse(text, out var v))
        {
            return v;
        }

        reader.Error(DiagnosticCodes.InvalidValue, node, $"`first-version` must be a semantic version such as 0.1.0, not `{text}`");
        return null;
    }

    private static ChangelogConfig? Changelog(ConfigReader reader, ConfigNode node)
    {
        var d = ChangelogConfig.Default;
        if (node.Kind == ConfigNodeKind.Scalar && !node.Quoted && node.Value is "false" or "true")
        {
            return d with { Enabled = node.Value == "true" };
        }

        if (node.Kind == ConfigNodeKind.Scalar)
        {
            return reader.String(node, "changelog") is { } path ? d with { File = path } : null;
        }

        var map = reader.Mapping(node, "`changelog`", ["file", "compare-url", "commit-url", "enabled"]);
        if (map is null)
        {
            return null;
        }

        return d with
        {
            Enabled = GetValue(map, "enabled", n => reader.Bool(n, "enabled")) ?? true,
            File = Get(map, "file", n => reader.String(n, "file")) ?? d.File,
            CompareUrl = Get(map, "compare-url", n => reader.String(n, "compare-url")),
            CommitUrl = Get(map, "commit-url", n => reader.String(n, "commit-url")),
        };
    }

    private static GitHubConfig? GitHub(ConfigReader reader, ConfigNode node)
    {
        var map = reader.Mapping(node, "`github`", ["repository", "api-url", "token-env", "release"]);
        if (map is null)
        {
            return null;
        }

        var d = GitHubConfig.Default;
        var repository = Get(map, "repository", n => reader.String(n, "repository"));
        if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
        {
            reader.Error(DiagnosticCodes.InvalidValue, map["repository"], $"`repository` must be written owner/name, not `{repository}`");
        }

        var apiUrl = Get(map, "api-url", n => reader.String(n, "api-url"));
        if (apiUrl is not null && !Uri.TryCreate(apiUrl, UriKind.Absolute, out _))
        {
            reader.Error(DiagnosticCodes.InvalidValue, map["api-url"], $"`api-url` must be an absolute URL, not `{apiUrl}`");
        }

        return new GitHubConfig(
            repository,
            apiUrl ?? d.ApiUrl,
            Get(map, "token-env", n => reader.String(n, "token-env")) ?? d.TokenEnv,
            GetValue(map, "release", n => reader.Bool(n, "release")) ?? d.Release);
    }
}
