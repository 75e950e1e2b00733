using System.Text.RegularExpressions;
using Sluice.Core.Diagnostics;
using Sluice.Core.Parsing;
using Sluice.Core.Yaml;

namespace Sluice.Core.Deployments;

/// <summary>
/// Parses <c>.sluice/environments.yml</c>. Pure: the caller reads the file. Never throws on bad input; returns
/// the configuration and every diagnostic with <c>file:line:col</c>, using the pipeline parser's conventions
/// (SL10xx for schema problems, SL12xx for globs and durations, SL1702 for rules that cannot work).
/// </summary>
public static partial class EnvironmentsParser
{
    private static readonly string[] TopKeys = ["environments", "teams"];

    public static EnvironmentsParseResult Parse(string file, string text)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(text);
        var context = new ParseContext(file, text);
        var (root, syntaxOk) = YamlTreeReader.Read(file, text, context.Diagnostics);
        if (!syntaxOk)
        {
            return new EnvironmentsParseResult(null, context.Diagnostics);
        }

        if (root is null || root is YamlScalar { IsNull: true })
        {
            context.Error(DiagnosticCodes.EmptyDocument, new SourceLocation(file, 1, 1), "the environments file is empty", "list environments under `environments:`");
            return new EnvironmentsParseResult(null, context.Diagnostics);
        }

        if (context.Mapping(root, "the environments file") is not { } m)
        {
            return new EnvironmentsParseResult(null, context.Diagnostics);
        }

        context.CheckKeys(m, "the environments file", TopKeys);
        ReportDuplicates(context, m);
        var teams = m.Get("teams") is { } teamsNode ? ParseTeams(context, teamsNode) : new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var environments = new List<EnvironmentDefinition>();
        if (m.Get("environments") is not { } envsNode)
        {
            context.Error(DiagnosticCodes.MissingKey, new SourceLocation(file, m.Line, m.Column), "the environments file has no `environments:`",
                "add e.g. `environments: { staging: { branches: [main] } }`");
        }
        else if (context.Mapping(envsNode, "`environments`") is { } envs)
        {
            var reader = new EnvironmentReader(context, teams);
            foreach (var (key, value) in envs.Entries)
            {
                if (!NamePattern().IsMatch(key.Value))
                {
                    context.Error(DiagnosticCodes.InvalidValue, key, $"invalid environment name `{key.Value}`", "names use letters, digits, `-`, `_` and `.`");
                    continue;
                }

                if (reader.Read(key, value) is { } environment)
                {
                    environments.Add(environment);
                }
            }
        }

        var sorted = context.Diagnostics.OrderBy(d => d.Location.Line).ThenBy(d => d.Location.Column).ThenBy(d => d.Code, StringComparer.Ordinal).ToList();
        return new EnvironmentsParseResult(new EnvironmentsConfig(file, environments, teams), sorted);
    }

    private static Dictionary<string, IReadOnlyList<string>> ParseTeams(ParseContext context, YamlNode node)
    {
        var teams = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (context.Mapping(node, "`teams`") is not { } m)
        {
            return teams;
        }

        foreach (var (key, value) in m.Entries)
        {
            var members = context.StringList(value, $"`teams.{key.Value}`").Select(p => p.Value).ToList();
            if (members.Count == 0)
            {
                context.Error(DiagnosticCodes.InvalidEnvironment, key, $"team `{key.Value}` has no members", "list user names: `ops: [alice, bob]`");
            }

            teams[key.Value] = members;
        }

        return teams;
    }

    /// <summary>Every duplicate key in the file (the reader keeps the first); under <c>environments</c> they are environments.</summary>
    private static void ReportDuplicates(ParseContext context, YamlMapping root)
    {
        var environments = root.Get("environments");
        var pending = new Stack<YamlNode>([root]);
        var visited = new HashSet<YamlNode>(ReferenceEqualityComparer.Instance);
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
                    context.Error(DiagnosticCodes.DuplicateKey, key, ReferenceEquals(current, environments)
                        ? $"environment `{key.Value}` is defined twice (first on line {firstLine})"
                        : $"`{key.Value}` is written twice (first on line {firstLine})");
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

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]*$")]
    private static partial Regex NamePattern();
}
