using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>
/// Parses and validates one pipeline file. Pure: the caller reads the file. Never throws on bad input;
/// returns the model and all diagnostics (YAML, schema, expressions, job graph).
/// </summary>
public static class PipelineParser
{
    private static readonly string[] TopKeys = ["name", "on", "env", "vars", "defaults", "concurrency", "jobs"];

    /// <summary>Files under <c>.sluice/</c> that configure other features, not pipelines.</summary>
    public static readonly IReadOnlyList<string> ReservedFileNames = ["release.yml", "release.yaml", "environments.yml", "environments.yaml"];

    /// <param name="file">The path shown in diagnostics; its file name without extension becomes the pipeline id.</param>
    public static PipelineParseResult Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        var context = new ParseContext(file, text);
        var (root, syntaxOk) = YamlTreeReader.Read(file, text, context.Diagnostics, out var hasDuplicates);
        if (!syntaxOk)
        {
            return new PipelineParseResult(null, Clamped(context.Diagnostics, text));
        }

        if (root is null || root is YamlScalar { IsNull: true })
        {
            context.Error(DiagnosticCodes.EmptyDocument, new SourceLocation(file, 1, 1), "the pipeline file is empty", "a pipeline needs at least `on:` and `jobs:`");
            return new PipelineParseResult(null, Clamped(context.Diagnostics, text));
        }

        if (root is not YamlMapping m)
        {
            context.Error(DiagnosticCodes.WrongType, root, $"a pipeline file must be a mapping with `on:` and `jobs:`, not {root.Kind}");
            return new PipelineParseResult(null, Clamped(context.Diagnostics, text));
        }

        if (hasDuplicates)
        {
            ReportDuplicates(context, m, m.Get("jobs"));
        }
        var pipeline = ParseRoot(context, m, file);
        return new PipelineParseResult(pipeline, Clamped(Sorted(context.Diagnostics), text));
    }

    private static Pipeline ParseRoot(ParseContext context, YamlMapping m, string file)
    {
        context.CheckKeys(m, "the pipeline", TopKeys);
        var expressions = new ExpressionValidation(context);
        var unused = new List<LocatedReference>();
        var id = Path.GetFileNameWithoutExtension(file);
        var name = m.Get("name") is { } nameNode ? context.String(nameNode, "`name`") ?? id : id;

        Triggers triggers = Triggers.None;
        if (m.Get("on") is { } onNode)
        {
            triggers = new TriggerParser(context).Parse(onNode);
        }
        else
        {
            context.Error(DiagnosticCodes.MissingKey, new SourceLocation(file, m.Line, m.Column), "the pipeline has no `on:` triggers",
                "add e.g. `on: { push: { branches: [main] } }`; `sluice run <pipeline>` can still run it by name");
        }

        var env = m.Get("env") is { } envNode
            ? context.StringMap(envNode, "`env`", (s, k) => expressions.Template(s, $"`env.{k}`", ExpressionScopes.PipelineLevel, unused))
            : new Dictionary<string, string>();
        var vars = m.Get("vars") is { } varsNode
            ? context.StringMap(varsNode, "`vars`", (s, k) =>
            {
                if (Expressions.Template.ContainsExpression(s.Value))
                {
                    context.Error(DiagnosticCodes.ContextNotAllowed, s, $"`vars.{k}` holds an expression; vars are plain values", "use `env:` for computed values");
                }
            })
            : new Dictionary<string, string>();

        var defaults = m.Get("defaults") is { } defaultsNode ? ParseDefaults(context, defaultsNode) : PipelineDefaults.None;
        var concurrency = m.Get("concurrency") is { } concurrencyNode ? ParseConcurrency(context, expressions, concurrencyNode) : null;

        var jobs = new List<JobDefinition>();
        var needNodes = new Dictionary<string, List<(string Need, YamlScalar Node)>>(StringComparer.Ordinal);
        if (m.Get("jobs") is not { } jobsNode)
        {
            context.Error(DiagnosticCodes.NoJobs, new SourceLocation(file, m.Line, m.Column), "the pipeline has no `jobs:`", "add `jobs:` with at least one job");
        }
        else if (context.Mapping(jobsNode, "`jobs`") is { } jobsMap)
        {
            if (jobsMap.Entries.Count == 0)
            {
                context.Error(DiagnosticCodes.NoJobs, jobsNode, "`jobs` is empty");
            }

            foreach (var (key, value) in jobsMap.Entries)
            {
                var parser = new JobParser(context, defaults, triggers.Manual?.Inputs);
                if (parser.Parse(key, value) is { } job)
                {
                    jobs.Add(job);
                    needNodes[job.Id] = parser.NeedNodes;
                }
            }

            GraphValidator.Validate(context, jobs, needNodes);
        }

        return new Pipeline(id, name, file, triggers, env, defaults, concurrency, jobs) { Vars = vars };
    }

    private static PipelineDefaults ParseDefaults(ParseContext context, YamlNode node)
    {
        if (context.Mapping(node, "`defaults`") is not { } m)
        {
            return PipelineDefaults.None;
        }

        context.CheckKeys(m, "`defaults`", ["shell", "working-directory", "timeout"]);
        var shell = m.Get("shell") is { } s ? context.String(s, "`defaults.shell`") : null;
        StepParser.CheckShell(context, m.Get("shell"));
        var wd = m.Get("working-directory") is { } w ? context.String(w, "`defaults.working-directory`") : null;
        var timeout = m.Get("timeout") is { } t ? context.Duration(t, "`defaults.timeout`") : null;
        return new PipelineDefaults(shell, wd, timeout);
    }

    private static ConcurrencySettings? ParseConcurrency(ParseContext context, ExpressionValidation expressions, YamlNode node)
    {
        var unused = new List<LocatedReference>();
        if (node is YamlScalar groupOnly)
        {
            expressions.Template(groupOnly, "`concurrency`", ExpressionScopes.PipelineLevel, unused);
            return new ConcurrencySettings(groupOnly.Value, false);
        }

        if (context.Mapping(node, "`concurrency`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "`concurrency`", ["group", "cancel-in-progress"]);
        if (m.Get("group") is not YamlScalar group)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`concurrency` needs a `group`", "e.g. `group: deploy-${{ event.branch }}`");
            return null;
        }

        expressions.Template(group, "`concurrency.group`", ExpressionScopes.PipelineLevel, unused);
        var cancel = m.Get("cancel-in-progress") is { } c && (context.Bool(c, "`cancel-in-progress`") ?? false);
        return new ConcurrencySettings(group.Value, cancel);
    }

    private static void ReportDuplicates(ParseContext context, YamlNode node, YamlNode? jobs)
    {
        var pending = new Stack<YamlNode>();
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
        pending.Push(node);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!visited.Add(current))
            {
                continue; // Aliases may share nodes.
            }

            if (current is YamlMapping mapping)
            {
                foreach (var (key, firstLine) in mapping.Duplicates)
                {
                    if (ReferenceEquals(current, jobs))
                    {
                        context.Error(DiagnosticCodes.DuplicateJob, key, $"duplicate job id `{key.Value}` (first defined at line {firstLine})", "job ids must be unique; rename one of them");
                    }
                    else
                    {
                        context.Error(DiagnosticCodes.DuplicateKey, key, $"duplicate key `{key.Value}` (first defined at line {firstLine})", "each key may appear once in a mapping; merge the two or remove one");
                    }
                }

                foreach (var entry in mapping.Entries)
                {
                    pending.Push(entry.Value);
                }
            }
            else if (current is YamlSequence sequence)
            {
                foreach (var item in sequence.Items)
                {
                    pending.Push(item);
                }
            }
        }
    }

    /// <summary>
    /// Keeps every position inside the file. The YAML scanner reports some errors one line past the end
    /// (at end of stream); editors and our caret printer need a real line.
    /// </summary>
    private static List<Diagnostic> Clamped(List<Diagnostic> diagnostics, string text)
    {
        if (diagnostics.Count == 0)
        {
            return diagnostics;
        }

        var lines = text.Split('\n');
        return diagnostics.Select(d =>
        {
            var (file, line, column) = d.Location;
            var clampedLine = Math.Clamp(line, 1, lines.Length);
            var clampedColumn = Math.Clamp(clampedLine == line ? column : lines[clampedLine - 1].Length + 1, 1, lines[clampedLine - 1].Length + 1);
            return clampedLine == line && clampedColumn == column ? d : d with { Location = new SourceLocation(file, clampedLine, clampedColumn) };
        }).ToList();
    }

    private static List<Diagnostic> Sorted(List<Diagnostic> diagnostics) => diagnostics.Count == 0
        ? diagnostics
        : diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
}
