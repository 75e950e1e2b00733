using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Sluice.Core.Diagnostics;
using Sluice.Core.Expressions;
using Sluice.Core.Globs;
using Sluice.Core.Time;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>
/// Typed reads of YAML nodes that record a diagnostic instead of failing. Each reader returns null (or a
/// fallback) when the node is unusable, so parsing continues and every problem in the file is reported.
/// </summary>
internal sealed class ParseContext(string file, string text)
{
    // Pipelines repeat the same expressions (`event.sha`, `matrix.os`) in many jobs; both results are immutable.
    private readonly Dictionary<(string Text, ExpressionScope Scope), (ParsedExpression Parsed, CheckResult? Checked)> expressions = [];
    private readonly Dictionary<string, (TimeSpan Value, string? Error)> durations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ParsedTemplate> templates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (Glob? Glob, string? Error)> globCache = new(StringComparer.Ordinal);
    private string[]? lines;

    public string File { get; } = file;

    public List<Diagnostic> Diagnostics { get; } = [];

    public string Text { get; } = text;

    /// <summary>Parses and checks an expression text once per scope; <c>Checked</c> is null when it does not parse.</summary>
    public (ParsedExpression Parsed, CheckResult? Checked) CheckedExpression(string text, ExpressionScope scope)
    {
        if (!expressions.TryGetValue((text, scope), out var entry))
        {
            var parsed = ExpressionParser.Parse(text);
            entry = (parsed, parsed.Root is null ? null : ExpressionChecker.Check(parsed.Root, scope));
            expressions[(text, scope)] = entry;
        }

        return entry;
    }

    /// <summary>A string value split into literal and expression segments, once per distinct value.</summary>
    public ParsedTemplate ParsedTemplate(string value)
    {
        if (!templates.TryGetValue(value, out var template))
        {
            template = Template.Parse(value);
            templates[value] = template;
        }

        return template;
    }

    /// <summary><see cref="Glob.TryParse"/> once per distinct pattern (globs are immutable).</summary>
    public bool TryParseGlob(string pattern, [NotNullWhen(true)] out Glob? glob, [NotNullWhen(false)] out string? error)
    {
        if (!globCache.TryGetValue(pattern, out var entry))
        {
            entry = Glob.TryParse(pattern, out var parsed, out var parseError) ? (parsed, null) : (null, parseError);
            globCache[pattern] = entry;
        }

        (glob, error) = entry;
        return glob is not null;
    }

    public SourceLocation At(YamlNode node) => new(File, node.Line, node.Column);

    public void Error(string code, YamlNode node, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, At(node), hint));

    public void Error(string code, SourceLocation at, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, at, hint));

    public void Warning(string code, YamlNode node, string message, string? hint = null) =>
        Diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, At(node), hint));

    /// <summary>Reports keys not in <paramref name="allowed"/>, with a did-you-mean hint.</summary>
    public void CheckKeys(YamlMapping mapping, string where, IReadOnlyCollection<string> allowed)
    {
        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var key = mapping.Entries[i].Key;
            if (allowed.Contains(key.Value))
            {
                continue;
            }

            var suggestion = Suggestions.DidYouMean(key.Value, allowed);
            var hint = suggestion is not null
                ? $"did you mean `{suggestion}`?"
                : $"allowed keys in {where}: {string.Join(", ", allowed)}";
            Error(DiagnosticCodes.UnknownKey, key, $"unknown key `{key.Value}` in {where}", hint);
        }
    }

    public YamlMapping? Mapping(YamlNode node, string what)
    {
        if (node is YamlMapping m)
        {
            return m;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a mapping, not {node.Kind}");
        return null;
    }

    public string? String(YamlNode node, string what)
    {
        if (node is YamlScalar s)
        {
            return s.Value;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a string, not {node.Kind}");
        return null;
    }

    public bool? Bool(YamlNode node, string what)
    {
        if (node is YamlScalar { Quoted: false } s)
        {
            switch (s.Value)
            {
                case "true" or "True" or "TRUE":
                    return true;
                case "false" or "False" or "FALSE":
                    return false;
            }
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be true or false", node is YamlScalar q ? $"found `{q.Value}`" : null);
        return null;
    }

    public int? Int(YamlNode node, string what, int min, int max)
    {
        if (node is YamlScalar { Quoted: false } s && int.TryParse(s.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            if (value >= min && value <= max)
            {
                return value;
            }

            Error(DiagnosticCodes.InvalidValue, node, $"{what} must be between {min} and {max}, found {value}");
            return null;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a whole number");
        return null;
    }

    /// <summary>A list of strings; a single scalar is accepted as a one-item list.</summary>
    public IReadOnlyList<(string Value, YamlScalar Node)> StringList(YamlNode node, string what)
    {
        if (node is YamlScalar s)
        {
            return s.IsNull ? [] : [(s.Value, s)];
        }

        if (node is YamlSequence seq)
        {
            var result = new List<(string, YamlScalar)>();
            for (var i = 0; i < seq.Items.Count; i++)
            {
                var item = seq.Items[i];
                if (item is YamlScalar scalar)
                {
                    result.Add((scalar.Value, scalar));
                }
                else
                {
                    Error(DiagnosticCodes.WrongType, item, $"items of {what} must be strings, not {item.Kind}");
                }
            }

            return result;
        }

        Error(DiagnosticCodes.WrongType, node, $"{what} must be a string or a list of strings, not {node.Kind}");
        return [];
    }

    /// <summary>A mapping of names to scalar values (env, vars); values keep their text.</summary>
    public IReadOnlyDictionary<string, string> StringMap(YamlNode node, string what, Action<YamlScalar, string>? onValue = null)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (Mapping(node, what) is not { } mapping)
        {
            return result;
        }

        for (var i = 0; i < mapping.Entries.Count; i++)
        {
            var (key, value) = mapping.Entries[i];
            if (value is YamlScalar s)
            {
                result[key.Value] = s.IsNull ? "" : s.Value;
                onValue?.Invoke(s, key.Value);
            }
            else
            {
                Error(DiagnosticCodes.WrongType, value, $"{what}.{key.Value} must be a string, number or boolean, not {value.Kind}");
            }
        }

        return result;
    }

    public TimeSpan? Duration(YamlNode node, string what)
    {
        if (node is not YamlScalar s)
        {
            Error(DiagnosticCodes.WrongType, node, $"{what} must be a duration such as `10m`, not {node.Kind}");
            return null;
        }

        if (!durations.TryGetValue(s.Value, out var parsed))
        {
            parsed = Time.Duration.TryParse(s.Value, out var read, out var readError) ? (read, null) : (TimeSpan.Zero, readError);
            durations[s.Value] = parsed;
        }

        var (value, error) = parsed;
        if (error is null)
        {
            if (value > TimeSpan.Zero)
            {
                return value;
            }

            error = "must be greater than zero";
        }

        Error(DiagnosticCodes.InvalidDuration, node, $"invalid duration `{s.Value}` for {what}: {error}", "durations look like `90s`, `10m`, `2h`, `7d`, `1h30m`");
        return null;
    }

    public GlobList? Globs(YamlNode node, string what)
    {
        var items = StringList(node, what);
        if (node is YamlSequence { Items.Count: 0 })
        {
            Error(DiagnosticCodes.InvalidValue, node, $"{what} is an empty list and would match nothing", "remove the key to apply no filter");
            return null;
        }

        var globs = new List<Glob>();
        foreach (var (value, scalar) in items)
        {
            if (TryParseGlob(value, out var glob, out var error))
            {
                globs.Add(glob!);
            }
            else
            {
                Error(DiagnosticCodes.InvalidGlob, scalar, $"invalid glob `{value}` in {what}: {error}", "globs use `*`, `**`, `?`, `{a,b}` and a leading `!` to exclude");
            }
        }

        return globs.Count == 0 && items.Count > 0 ? null : new GlobList(globs);
    }

    /// <summary>
    /// Maps an offset inside a scalar's value to a file position. Exact for single-line plain and quoted
    /// scalars; for block and multi-line scalars it finds the value's line in the source text.
    /// </summary>
    public SourceLocation PositionIn(YamlScalar scalar, int offset)
    {
        offset = Math.Clamp(offset, 0, scalar.Value.Length);
        var before = scalar.Value.AsSpan(0, offset);
        var lineIndex = before.Count('\n');
        var lineStart = before.LastIndexOf('\n') + 1;
        var column = offset - lineStart;
        if (lineIndex == 0 && !scalar.Block)
        {
            return new(File, scalar.Line, scalar.Column + column + (scalar.Quoted ? 1 : 0));
        }

        lines ??= Text.Split('\n');
        var valueLineEnd = scalar.Value.IndexOf('\n', lineStart);
        var valueLine = valueLineEnd < 0 ? scalar.Value[lineStart..] : scalar.Value[lineStart..valueLineEnd];
        var fileLine = scalar.Line + lineIndex + (scalar.Block ? 1 : 0);
        if (fileLine >= 1 && fileLine <= lines.Length)
        {
            var found = valueLine.Length == 0 ? -1 : lines[fileLine - 1].IndexOf(valueLine, StringComparison.Ordinal);
            if (found >= 0)
            {
                return new(File, fileLine, found + column + 1);
            }
        }

        return new(File, scalar.Line, scalar.Column);
    }
}
