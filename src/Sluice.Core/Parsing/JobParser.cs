using System.Text.RegularExpressions;
using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses one entry of <c>jobs:</c>, and checks the names its expressions refer to.</summary>
internal sealed partial class JobParser(ParseContext context, PipelineDefaults defaults, IReadOnlyList<InputDefinition>? manualInputs)
{
    private static readonly string[] JobKeys =
    [
        "name", "needs", "if", "matrix", "runs-on", "env", "secrets", "environment", "timeout", "retry",
        "continue-on-error", "working-directory", "changes", "outputs", "artifacts", "cache", "steps", "run", "shell", "deploy",
    ];

    private readonly ExpressionValidation expressions = new(context);

    /// <summary>Where each needs entry is written, for graph diagnostics.</summary>
    public List<(string Need, YamlScalar Node)> NeedNodes { get; } = [];

    public JobDefinition? Parse(YamlScalar key, YamlNode node)
    {
        var id = key.Value;
        if (!JobIdPattern().IsMatch(id))
        {
            context.Error(DiagnosticCodes.InvalidJobId, key, $"invalid job id `{id}`",
                "job ids start with a letter or `_` and contain only letters, digits, `-` and `_`");
        }

        if (context.Mapping(node, $"job `{id}`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, $"job `{id}`", JobKeys);
        var refs = new List<LocatedReference>();
        var name = m.Get("name") is { } nameNode ? context.String(nameNode, "`name`") ?? id : id;
        if (m.Get("name") is YamlScalar nameScalar)
        {
            expressions.Template(nameScalar, "`name`", ExpressionScopes.JobField, refs);
        }

        var needs = new List<string>();
        if (m.Get("needs") is { } needsNode)
        {
            foreach (var (need, scalar) in context.StringList(needsNode, "`needs`"))
            {
                needs.Add(need);
                NeedNodes.Add((need, scalar));
            }
        }

        string? condition = null;
        if (m.Get("if") is { } ifNode && context.String(ifNode, "`if`") is { } ifText && ifNode is YamlScalar ifScalar)
        {
            condition = ifText;
            expressions.Condition(ifScalar, "job `if`", ExpressionScopes.JobCondition, refs);
        }

        var matrix = m.Get("matrix") is { } matrixNode ? new MatrixParser(context).Parse(matrixNode) : null;
        var runsOn = m.Get("runs-on") is { } runsOnNode ? context.StringList(runsOnNode, "`runs-on`").Select(r => r.Value).ToList() : [];
        var env = m.Get("env") is { } envNode ? context.StringMap(envNode, "`env`", (s, k) => expressions.Template(s, $"`env.{k}`", ExpressionScopes.JobEnv, refs)) : Empty;
        var secrets = new List<string>();
        if (m.Get("secrets") is { } secretsNode)
        {
            foreach (var (secret, scalar) in context.StringList(secretsNode, "`secrets`"))
            {
                if (!SecretNamePattern().IsMatch(secret))
                {
                    context.Error(DiagnosticCodes.InvalidSecretName, scalar, $"invalid secret name `{secret}`", "secret names look like `PYPI_TOKEN`: letters, digits and `_`");
                }

                secrets.Add(secret);
            }
        }

        var environment = ScalarField(m, "environment", ExpressionScopes.JobField, refs);
        var timeout = m.Get("timeout") is { } t ? context.Duration(t, "`timeout`") : defaults.Timeout;
        var retry = m.Get("retry") is { } retryNode ? ParseRetry(retryNode) : RetryPolicy.None;
        var continueOnError = m.Get("continue-on-error") is { } coe && (context.Bool(coe, "`continue-on-error`") ?? false);
        var workingDirectory = ScalarField(m, "working-directory", ExpressionScopes.JobField, refs) ?? defaults.WorkingDirectory;
        var changes = m.Get("changes") is { } changesNode ? context.Globs(changesNode, "`changes`") : null;
        var outputs = m.Get("outputs") is { } outputsNode ? ParseOutputs(outputsNode, refs) : Empty;
        var artifacts = m.Get("artifacts") is { } artifactsNode ? ParsePaths(artifactsNode, "`artifacts`") : [];
        var cache = m.Get("cache") is { } cacheNode ? ParseCache(cacheNode, refs) : null;
        var shell = m.Get("shell") is { } shellNode ? context.String(shellNode, "`shell`") : null;
        var steps = new StepParser(context, expressions).Parse(id, m, shell ?? defaults.Shell, refs);
        var deploy = m.Get("deploy") is { } deployNode ? new DeployParser(context, expressions).Parse(deployNode, refs) : null;

        var job = new JobDefinition(id, name, context.At(key), needs, condition, matrix, runsOn, env, secrets, environment, timeout, retry,
            continueOnError, workingDirectory, changes, outputs, artifacts, cache, steps, deploy);
        CheckReferences(job, refs);
        return job;
    }

    private static readonly IReadOnlyDictionary<string, string> Empty = new Dictionary<string, string>();

    private string? ScalarField(YamlMapping m, string key, Expressions.ExpressionScope scope, List<LocatedReference> refs)
    {
        if (m.Get(key) is not { } node || context.String(node, $"`{key}`") is not { } text)
        {
            return null;
        }

        expressions.Template((YamlScalar)node, $"`{key}`", scope, refs);
        return text;
    }

    private RetryPolicy ParseRetry(YamlNode node)
    {
        if (node is YamlScalar)
        {
            return context.Int(node, "`retry`", 0, 10) is { } max ? RetryPolicy.None with { Max = max } : RetryPolicy.None;
        }

        if (context.Mapping(node, "`retry`") is not { } m)
        {
            return RetryPolicy.None;
        }

        context.CheckKeys(m, "`retry`", ["max", "on"]);
        var maxValue = m.Get("max") is { } maxNode ? context.Int(maxNode, "`retry.max`", 0, 10) ?? 0 : 1;
        var onFailure = true;
        var onTimeout = true;
        if (m.Get("on") is { } onNode)
        {
            var kinds = context.StringList(onNode, "`retry.on`");
            onFailure = onTimeout = false;
            foreach (var (kind, scalar) in kinds)
            {
                switch (kind)
                {
                    case "failure":
                        onFailure = true;
                        break;
                    case "timeout":
                        onTimeout = true;
                        break;
                    default:
                        context.Error(DiagnosticCodes.InvalidValue, scalar, $"unknown retry condition `{kind}`", "use `failure`, `timeout` or both");
                        break;
                }
            }
        }

        return new RetryPolicy(maxValue, onFailure, onTimeout);
    }

    private IReadOnlyDictionary<string, string> ParseOutputs(YamlNode node, List<LocatedReference> refs)
    {
        // A list of names exports what steps wrote to $SLUICE_OUTPUT; a mapping gives each output a value.
        if (node is YamlSequence or YamlScalar)
        {
            return context.StringList(node, "`outputs`").ToDictionary(o => o.Value, _ => "", StringComparer.Ordinal);
        }

        return context.StringMap(node, "`outputs`", (s, k) => expressions.Template(s, $"`outputs.{k}`", ExpressionScopes.Outputs, refs));
    }

    private List<string> ParsePaths(YamlNode node, string what)
    {
        var paths = new List<string>();
        foreach (var (path, scalar) in context.StringList(node, what))
        {
            if (Path.IsPathRooted(path) || path.Split('/').Contains(".."))
            {
                context.Error(DiagnosticCodes.InvalidValue, scalar, $"{what} path `{path}` must stay inside the workspace", "use a relative path without `..`");
            }
            else if (!Globs.Glob.TryParse(path, out _, out var error))
            {
                context.Error(DiagnosticCodes.InvalidGlob, scalar, $"invalid glob `{path}` in {what}: {error}");
            }
            else
            {
                paths.Add(path);
            }
        }

        return paths;
    }

    private CacheDefinition? ParseCache(YamlNode node, List<LocatedReference> refs)
    {
        if (context.Mapping(node, "`cache`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "`cache`", ["key", "paths", "restore-keys"]);
        var key = ScalarField(m, "key", ExpressionScopes.JobField, refs);
        if (key is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`cache` needs a `key`", "e.g. `key: pip-${{ matrix.python }}`");
        }

        var paths = m.Get("paths") is { } pathsNode ? ParsePaths(pathsNode, "`cache.paths`") : [];
        if (m.Get("paths") is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`cache` needs `paths`");
        }

        var restoreKeys = m.Get("restore-keys") is { } rk ? context.StringList(rk, "`cache.restore-keys`").Select(r => r.Value).ToList() : [];
        return key is null ? null : new CacheDefinition(key, paths, restoreKeys);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_-]*$")]
    private static partial Regex JobIdPattern();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex SecretNamePattern();
}
