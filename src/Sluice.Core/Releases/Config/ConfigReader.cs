using System.Globalization;
using Sluice.Core.Diagnostics;

namespace Sluice.Core.Releases.Config;

/// <summary>Typed reads of <see cref="ConfigNode"/>s that record a positioned diagnostic for every problem.</summary>
internal sealed class ConfigReader(string file, List<Diagnostic> diagnostics)
{
    public string File { get; } = file;

    public List<Diagnostic> Diagnostics { get; } = diagnostics;

    public void Error(string code, ConfigNode node, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, new SourceLocation(File, node.Line, node.Column), hint));

    /// <summary>The mapping's entries by key, after reporting unknown keys (with the closest known one as a hint).</summary>
    public Dictionary<string, ConfigNode>? Mapping(ConfigNode node, string what, IReadOnlyCollection<string> known)
    {
        if (node.Kind != ConfigNodeKind.Mapping)
        {
            Error(DiagnosticCodes.WrongType, node, $"{what} must be a mapping, not {node.Describe()}");
            return null;
        }

        var result = new Dictionary<string, ConfigNode>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Entries)
        {
            var name = key.Value ?? "";
            if (!known.Contains(name))
            {
                var suggestion = Closest(name, known);
                Error(DiagnosticCodes.UnknownKey, key, $"unknown key `{name}` in {what}", suggestion is null ? $"known keys: {string.Join(", ", known)}" : $"did you mean `{suggestion}`?");
                continue;
            }

            result[name] = value;
        }

        return result;
    }

    public string? String(ConfigNode node, string key)
    {
        if (node.Kind != ConfigNodeKind.Scalar || node.IsNull)
        {
            Error(DiagnosticCodes.WrongType, node, $"`{key}` must be text, not {node.Describe()}");
            return null;
        }

        return node.Value;
    }

    public bool? Bool(ConfigNode node, string key)
    {
        if (node.Kind == ConfigNodeKind.Scalar && !node.Quoted && node.Value is "true" or "false")
        {
            return node.Value == "true";
        }

        Error(DiagnosticCodes.WrongType, node, $"`{key}` must be true or false, not {node.Describe()}");
        return null;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned lower-cased.</summary>
    public string? Choice(ConfigNode node, string key, IReadOnlyList<string> allowed)
    {
        var text = String(node, key);
        if (text is null)
        {
            return null;
        }

        var lower = text.ToLowerInvariant();
        if (allowed.Contains(lower))
        {
            return lower;
        }

        Error(DiagnosticCodes.InvalidValue, node, $"`{key}` must be one of {string.Join(", ", allowed)}, not `{text}`", Closest(lower, allowed) is { } c ? $"did you mean `{c}`?" : null);
        return null;
    }

    public DateOnly? Date(ConfigNode node, string key)
    {
        var text = String(node, key);
        if (text is null)
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(DiagnosticCodes.InvalidValue, node, $"`{key}` must be a date written YYYY-MM-DD, not `{text}`");
        return null;
    }

    public IReadOnlyList<ConfigNode>? Sequence(ConfigNode node, string key)
    {
        if (node.Kind == ConfigNodeKind.Sequence)
        {
            return node.Items;
        }

        Error(DiagnosticCodes.WrongType, node, $"`{key}` must be a list, not {node.Describe()}");
        return null;
    }

    internal static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(name.ToLowerInvariant(), candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        return bestDistance <= Math.Max(2, name.Length / 3) ? best : null;
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
