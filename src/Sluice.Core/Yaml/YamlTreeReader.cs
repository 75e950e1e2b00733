using Sluice.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Core.Yaml;

/// <summary>
/// Reads one YAML document into a <see cref="YamlNode"/> tree. Never throws on bad input: syntax errors,
/// tab indentation, complex keys and several documents become diagnostics; duplicate keys are kept on
/// <see cref="YamlMapping.Duplicates"/> so the caller can name them for what they are (a key, a job). After a syntax
/// error the tree is whatever was read before it (possibly null), so callers report that error alone.
/// </summary>
internal static class YamlTreeReader
{
    private const int MaxDepth = 64;

    /// <summary>Per-read state: anchors seen so far, and how many duplicate keys were dropped.</summary>
    private sealed class ReaderState
    {
        public Dictionary<string, YamlNode> Anchors { get; } = new(StringComparer.Ordinal);

        public int Duplicates { get; set; }
    }

    public static (YamlNode? Root, bool SyntaxOk) Read(string file, string text, List<Diagnostic> diagnostics) =>
        Read(file, text, diagnostics, out _);

    /// <param name="hasDuplicates">Whether any mapping has <see cref="YamlMapping.Duplicates"/> (saves a tree walk).</param>
    public static (YamlNode? Root, bool SyntaxOk) Read(string file, string text, List<Diagnostic> diagnostics, out bool hasDuplicates) =>
        Read(file, text, diagnostics, out hasDuplicates, fastPath: true);

    /// <param name="fastPath">
    /// Try <see cref="BlockYamlReader"/> first (about ten times faster on pipeline files); it declines whatever
    /// it does not read exactly as YamlDotNet does. False reads with YamlDotNet only (the differential test).
    /// </param>
    internal static (YamlNode? Root, bool SyntaxOk) Read(string file, string text, List<Diagnostic> diagnostics, out bool hasDuplicates, bool fastPath)
    {
        text = ReplaceTabIndentation(file, text, diagnostics);
        if (fastPath && BlockYamlReader.TryRead(text, out var root, out hasDuplicates))
        {
            return (root, true);
        }

        return ReadEvents(file, text, diagnostics, out hasDuplicates);
    }

    private static (YamlNode? Root, bool SyntaxOk) ReadEvents(string file, string text, List<Diagnostic> diagnostics, out bool hasDuplicates)
    {
        hasDuplicates = false;
        var anchors = new ReaderState();
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return (null, true);
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, diagnostics, anchors, 0);
            parser.Consume<DocumentEnd>();
            hasDuplicates = anchors.Duplicates > 0;
            if (parser.Accept<DocumentStart>(out var second))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error,
                    "a pipeline file holds one YAML document; found a second one", Loc(file, second.Start),
                    "remove the `---` separator or move the second pipeline into its own file"));
            }

            return (root, true);
        }
        catch (YamlException ex)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error,
                "YAML syntax error: " + CleanMessage(ex.Message), Loc(file, ex.Start), SyntaxHint(ex.Message)));
            return (null, false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner throws these on a few malformed inputs instead of a YamlException
            // (found by the robustness test); they still mean "this is not valid YAML".
            diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error,
                "YAML syntax error: the document cannot be read past this point", LastPosition(file, text),
                "look for an unclosed quote, bracket or brace"));
            return (null, false);
        }
        catch (InsufficientExecutionStackException)
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error,
                "YAML nesting is too deep", new SourceLocation(file, 1, 1)));
            return (null, false);
        }
    }

    private static YamlNode? ReadNode(IParser parser, string file, List<Diagnostic> diagnostics, ReaderState anchors, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InsufficientExecutionStackException();
        }

        var ev = parser.Consume<ParsingEvent>();
        switch (ev)
        {
            case Scalar s:
                var scalar = new YamlScalar(s.Value, s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded,
                    s.Style is ScalarStyle.Literal or ScalarStyle.Folded, (int)s.Start.Line, (int)s.Start.Column);
                Remember(s.Anchor, scalar, anchors);
                return scalar;
            case SequenceStart ss:
                var items = new List<YamlNode>();
                while (!parser.Accept<SequenceEnd>(out _))
                {
                    var item = ReadNode(parser, file, diagnostics, anchors, depth + 1);
                    if (item is not null)
                    {
                        items.Add(item);
                    }
                }

                parser.Consume<SequenceEnd>();
                var seq = new YamlSequence(items, (int)ss.Start.Line, (int)ss.Start.Column);
                Remember(ss.Anchor, seq, anchors);
                return seq;
            case MappingStart ms:
                return ReadMapping(parser, ms, file, diagnostics, anchors, depth);
            case AnchorAlias alias:
                if (anchors.Anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    return target;
                }

                diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error,
                    $"unknown alias `*{alias.Value.Value}`", Loc(file, alias.Start), "define the anchor with `&name` before using it"));
                return null;
            default:
                throw new YamlException(ev.Start, ev.End, $"unexpected {ev.GetType().Name}");
        }
    }

    private static YamlMapping ReadMapping(IParser parser, MappingStart ms, string file, List<Diagnostic> diagnostics, ReaderState anchors, int depth)
    {
        var entries = new List<KeyValuePair<YamlScalar, YamlNode>>();
        var seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
        var duplicates = new List<(YamlScalar, int)>();
        var merges = new List<YamlMapping>();
        while (!parser.Accept<MappingEnd>(out _))
        {
            var keyNode = ReadNode(parser, file, diagnostics, anchors, depth + 1);
            var value = ReadNode(parser, file, diagnostics, anchors, depth + 1);
            if (keyNode is not YamlScalar key)
            {
                if (keyNode is not null)
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.WrongType, DiagnosticSeverity.Error,
                        "mapping keys must be plain strings", new SourceLocation(file, keyNode.Line, keyNode.Column)));
                }

                continue;
            }

            if (key.Value == "<<" && !key.Quoted && (value is YamlMapping || value is YamlSequence { Items: var items } && items.All(i => i is YamlMapping)))
            {
                // YAML merge key: `<<: *defaults` (or a list of them) supplies entries that explicit keys of
                // this mapping override, wherever they are written; earlier merged mappings win over later ones.
                merges.AddRange(value is YamlMapping single ? [single] : ((YamlSequence)value).Items.Cast<YamlMapping>());
                continue;
            }

            if (seen.TryGetValue(key.Value, out var first))
            {
                duplicates.Add((key, first.Line));
                anchors.Duplicates++;
                continue;
            }

            seen[key.Value] = key;
            entries.Add(new(key, value ?? new YamlScalar("", false, false, key.Line, key.Column)));
        }

        parser.Consume<MappingEnd>();
        foreach (var entry in merges.SelectMany(m => m.Entries))
        {
            if (seen.TryAdd(entry.Key.Value, entry.Key))
            {
                entries.Add(entry);
            }
        }

        var mapping = new YamlMapping(entries, (int)ms.Start.Line, (int)ms.Start.Column, duplicates);
        Remember(ms.Anchor, mapping, anchors);
        return mapping;
    }

    private static void Remember(AnchorName anchor, YamlNode node, ReaderState anchors)
    {
        if (!anchor.IsEmpty)
        {
            anchors.Anchors[anchor.Value] = node;
        }
    }

    /// <summary>
    /// YAML forbids tabs in indentation and YamlDotNet's message for it is cryptic. Report each such line
    /// clearly, then read on with the tabs widened to spaces so that later problems are reported too.
    /// </summary>
    private static string ReplaceTabIndentation(string file, string text, List<Diagnostic> diagnostics)
    {
        if (!text.Contains('\t', StringComparison.Ordinal))
        {
            return text;
        }

        var lines = text.Split('\n');
        var changed = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var indentEnd = 0;
            while (indentEnd < line.Length && line[indentEnd] is ' ' or '\t')
            {
                indentEnd++;
            }

            var tab = line.IndexOf('\t', 0, indentEnd);
            if (tab < 0 || indentEnd == line.Length)
            {
                continue;
            }

            diagnostics.Add(new Diagnostic(DiagnosticCodes.TabIndentation, DiagnosticSeverity.Error,
                "tab character in indentation", new SourceLocation(file, i + 1, tab + 1),
                "YAML indentation must use spaces; configure your editor to insert spaces"));
            // A tab almost always means "one level deeper"; four spaces keep it deeper than a two-space parent.
            lines[i] = line[..indentEnd].Replace("\t", "    ", StringComparison.Ordinal) + line[indentEnd..];
            changed = true;
        }

        return changed ? string.Join('\n', lines) : text;
    }

    /// <summary>Best effort when the library gives no position: the last non-blank line.</summary>
    private static SourceLocation LastPosition(string file, string text)
    {
        var lines = text.Split('\n');
        var last = Array.FindLastIndex(lines, l => l.Trim().Length > 0);
        return new SourceLocation(file, Math.Max(1, last + 1), 1);
    }

    private static SourceLocation Loc(string file, Mark mark) => new(file, Math.Max(1, (int)mark.Line), Math.Max(1, (int)mark.Column));

    private static string CleanMessage(string message)
    {
        // YamlDotNet prefixes "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; we print our own position.
        var idx = message.LastIndexOf("): ", StringComparison.Ordinal);
        var text = idx >= 0 ? message[(idx + 3)..] : message;
        return text.TrimEnd('.');
    }

    private static string? SyntaxHint(string message)
    {
        if (message.Contains("did not find expected key", StringComparison.OrdinalIgnoreCase))
        {
            return "check the indentation of this line against the line above";
        }

        if (message.Contains("mapping values are not allowed", StringComparison.OrdinalIgnoreCase))
        {
            return "a value containing `: ` must be quoted";
        }

        if (message.Contains("found unexpected end of stream", StringComparison.OrdinalIgnoreCase)
            || message.Contains("did not find expected", StringComparison.OrdinalIgnoreCase))
        {
            return "look for an unclosed quote, bracket or brace";
        }

        return null;
    }
}
