using System.Globalization;
using System.Text.RegularExpressions;
using Sluice.Core.Time;
using Sluice.Engine.Storage;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Server.Config;

/// <summary>
/// Reads <c>sluice.yml</c> (see docs/server.md) and applies environment overrides, which win over the file:
/// <c>SLUICE_LISTEN</c>, <c>SLUICE_DATA_DIR</c>, <c>SLUICE_PUBLIC_URL</c>, <c>SLUICE_GITHUB_API_URL</c>,
/// <c>SLUICE_WEBHOOK_SECRET</c> and <c>SLUICE_GITHUB_TOKEN</c> (for repositories without their own),
/// <c>SLUICE_DATABASE</c> (<c>database</c>: <c>postgres://…</c>, <c>Host=…</c> or a SQLite path), <c>SLUICE_SHARED_DIR</c>,
/// <c>SLUICE_REPO_&lt;OWNER&gt;_&lt;NAME&gt;_WEBHOOK_SECRET</c>/<c>_TOKEN</c> (per repository, non-alphanumerics as
/// <c>_</c>), <c>SLUICE_API_TOKEN</c> (an API token named <c>env</c>). Values may also be written <c>${NAME}</c> to
/// read an environment variable. Problems are returned, never thrown.
/// </summary>
internal static partial class ConfigLoader
{
    public static ConfigResult Load(string? path, Func<string, string?> env, string workingDirectory)
    {
        var errors = new List<string>();
        YamlMappingNode root = new();
        if (path is not null)
        {
            try
            {
                var stream = new YamlStream();
                using var reader = new StreamReader(Path.GetFullPath(path, workingDirectory));
                stream.Load(reader);
                if (stream.Documents.Count > 0)
                {
                    if (stream.Documents[0].RootNode is YamlMappingNode mapping)
                    {
                        root = mapping;
                    }
                    else
                    {
                        errors.Add($"{path}: the configuration must be a mapping of keys");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return new ConfigResult(null, [$"cannot read {path}: {e.Message}"]);
            }
            catch (YamlException e)
            {
                return new ConfigResult(null, [$"{path}:{e.Start.Line}:{e.Start.Column}: {e.Message}"]);
            }
        }

        var reader2 = new ConfigValues(root, env, errors);
        var listen = env("SLUICE_LISTEN") ?? reader2.String("listen") ?? ServerConfig.DefaultListen;
        var dataDir = env("SLUICE_DATA_DIR") ?? reader2.String("data-dir") ?? "sluice-data";
        var publicUrl = env("SLUICE_PUBLIC_URL") ?? reader2.String("public-url");
        var github = reader2.Mapping("github");
        var apiUrl = env("SLUICE_GITHUB_API_URL") ?? (github is null ? null : new ConfigValues(github, env, errors).String("api-url")) ?? ServerConfig.DefaultGitHubApiUrl;
        var runs = reader2.Mapping("runs");
        var runValues = runs is null ? null : new ConfigValues(runs, env, errors);
        var maxRuns = runValues?.Int("max-concurrent") ?? 2;
        var maxJobs = runValues?.Int("max-parallel-jobs") ?? 4;
        var interval = reader2.String("schedule-interval") is { } text ? ParseDuration(text, "schedule-interval", TimeSpan.FromSeconds(30), errors) : TimeSpan.FromSeconds(30);
        var paused = reader2.Bool("paused") ?? false;
        var database = ReadDatabase(env(RunStoreFactory.EnvironmentVariable) ?? reader2.String("database"), workingDirectory, errors);
        var sharedDir = env("SLUICE_SHARED_DIR") ?? reader2.String("shared-dir");
        var heartbeat = reader2.String("heartbeat-interval") is { } beat ? ParseDuration(beat, "heartbeat-interval", TimeSpan.FromSeconds(5), errors) : TimeSpan.FromSeconds(5);
        var leaseTimeout = reader2.String("heartbeat-timeout") is { } timeout ? ParseDuration(timeout, "heartbeat-timeout", TimeSpan.FromSeconds(30), errors) : TimeSpan.FromSeconds(30);

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in reader2.StringMap("api-tokens"))
        {
            tokens[name] = value;
        }

        if (env("SLUICE_API_TOKEN") is { Length: > 0 } envToken)
        {
            tokens["env"] = envToken;
        }

        var repos = new List<RepositoryConfig>();
        foreach (var node in reader2.Sequence("repos"))
        {
            if (node is not YamlMappingNode map)
            {
                errors.Add("repos: each entry must be a mapping (name, clone-url, ...)");
                continue;
            }

            var repo = ReadRepository(new ConfigValues(map, env, errors), env, errors, workingDirectory);
            if (repo is not null)
            {
                repos.Add(repo);
            }
        }

        foreach (var duplicate in repos.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            errors.Add($"repos: `{duplicate.Key}` is listed twice");
        }

        if (maxRuns < 1 || maxJobs < 1)
        {
            errors.Add("runs: max-concurrent and max-parallel-jobs must be at least 1");
        }

        if (!Uri.TryCreate(listen, UriKind.Absolute, out _))
        {
            errors.Add($"listen: `{listen}` is not a URL such as http://127.0.0.1:8080");
        }

        if (heartbeat >= leaseTimeout)
        {
            errors.Add("heartbeat-timeout must be longer than heartbeat-interval");
        }

        var agents = Agents.AgentSettingsLoader.Load(reader2.Mapping("agents"), env, errors);
        var config = new ServerConfig(listen, Path.GetFullPath(dataDir, workingDirectory), publicUrl, apiUrl.TrimEnd('/'), maxRuns, maxJobs, paused, tokens, repos, interval, agents)
        {
            Database = database,
            SharedDir = sharedDir is null ? null : Path.GetFullPath(sharedDir, workingDirectory),
            HeartbeatInterval = heartbeat,
            HeartbeatTimeout = leaseTimeout,
        };
        return new ConfigResult(errors.Count == 0 ? config : null, errors);
    }

    private static RepositoryConfig? ReadRepository(ConfigValues values, Func<string, string?> env, List<string> errors, string workingDirectory)
    {
        var name = values.String("name");
        if (name is null || !RepositoryName().IsMatch(name))
        {
            errors.Add($"repos: `name` must be `owner/name`, found `{name}`");
            return null;
        }

        var cloneUrl = values.String("clone-url") ?? $"https://github.com/{name}.git";
        if (!cloneUrl.Contains("://", StringComparison.Ordinal) && !cloneUrl.Contains('@', StringComparison.Ordinal))
        {
            cloneUrl = Path.GetFullPath(cloneUrl, workingDirectory);
        }

        var key = "SLUICE_REPO_" + NonAlphanumeric().Replace(name.ToUpperInvariant(), "_") + "_";
        var secret = env(key + "WEBHOOK_SECRET") ?? values.String("webhook-secret") ?? env("SLUICE_WEBHOOK_SECRET");
        var token = env(key + "TOKEN") ?? values.String("token") ?? env("SLUICE_GITHUB_TOKEN");
        var commenters = values.StringList("allowed-commenters") is { Count: > 0 } list
            ? list.Select(a => a.ToUpperInvariant()).ToList()
            : RepositoryConfig.DefaultCommenters;
        if (secret is null)
        {
            errors.Add($"repos: `{name}` has no webhook-secret (set it, or SLUICE_WEBHOOK_SECRET, or {key}WEBHOOK_SECRET)");
        }

        return new RepositoryConfig(name, cloneUrl, values.String("default-branch") ?? "main", secret, token, commenters,
            values.Bool("fork-approval") ?? false, values.StringMap("secrets"));
    }

    /// <summary>Null for none; a problem is added to <paramref name="errors"/> (never with the value: it may hold a password).</summary>
    public static RunStoreLocation? ReadDatabase(string? value, string workingDirectory, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var parsed = RunStoreFactory.Parse(value, workingDirectory);
        if (parsed.Error is not null)
        {
            errors.Add($"database: {parsed.Error}");
        }

        return parsed.Location;
    }

    private static TimeSpan ParseDuration(string text, string key, TimeSpan fallback, List<string> errors)
    {
        if (Duration.TryParse(text, out var value, out _) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"{key}: `{text}` is not a duration such as 30s");
        return fallback;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")]
    private static partial Regex RepositoryName();

    [GeneratedRegex("[^A-Z0-9]")]
    private static partial Regex NonAlphanumeric();
}
