using Sluice.Core.Diagnostics;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Sluice.Core.Releases.Config;

/// <summary>
/// Reads YAML text into <see cref="ConfigNode"/>s straight from the parser's events, keeping positions and
/// reporting duplicate keys (which YAML forbids but many loaders silently accept) instead of throwing.
/// </summary>
internal static class ConfigNodeReader
{
    public static ConfigNode? Read(string text, string file, List<Diagnostic> diagnostics)
    {
        ArgumentNullException.ThrowIfNull(diagnostics);
        try
        {
            var parser = new Parser(new StringReader(text));
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                return null;
            }

            parser.Consume<DocumentStart>();
            var root = ReadNode(parser, file, diagnostics);
            parser.Consume<DocumentEnd>();
            if (!parser.Accept<StreamEnd>(out _))
            {
                diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error, "only one YAML document is allowed", new SourceLocation(file, (int)(parser.Current?.Start.Line ?? 0), (int)(parser.Current?.Start.Column ?? 0))));
            }

            return root;
        }
        catch (YamlException ex)
        {
            var message = ex.InnerException?.Message ?? ex.Message;
            var location = new SourceLocation(file, (int)ex.Start.Line, (int)ex.Start.Column);
            var code = text.Contains('\t', StringComparison.Ordinal) && message.Contains("tab", StringComparison.OrdinalIgnoreCase)
                ? DiagnosticCodes.TabIndentation
                : DiagnosticCodes.YamlSyntax;
            diagnostics.Add(new Diagnostic(code, DiagnosticSeverity.Error, Clean(message), location));
            return null;
        }
    }

    private static ConfigNode ReadNode(IParser parser, string file, List<Diagnostic> diagnostics)
    {
        var start = parser.Current!.Start;
        if (parser.TryConsume<Scalar>(out var scalar))
        {
            return new ConfigNode
            {
                Kind = ConfigNodeKind.Scalar,
                Line = (int)start.Line,
                Column = (int)start.Column,
                Value = scalar.Value,
                Quoted = scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded,
            };
        }

        if (parser.TryConsume<SequenceStart>(out _))
        {
            var items = new List<ConfigNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode(parser, file, diagnostics));
            }

            return new ConfigNode { Kind = ConfigNodeKind.Sequence, Line = (int)start.Line, Column = (int)start.Column, Items = items };
        }

        if (parser.TryConsume<MappingStart>(out _))
        {
            var entries = new List<KeyValuePair<ConfigNode, ConfigNode>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var key = ReadNode(parser, file, diagnostics);
                var value = ReadNode(parser, file, diagnostics);
                if (key.Kind == ConfigNodeKind.Scalar && key.Value is { } name && !seen.Add(name))
                {
                    diagnostics.Add(new Diagnostic(DiagnosticCodes.DuplicateKey, DiagnosticSeverity.Error, $"duplicate key `{name}`", new SourceLocation(file, key.Line, key.Column)));
                    continue;
                }

                entries.Add(new KeyValuePair<ConfigNode, ConfigNode>(key, value));
            }

            return new ConfigNode { Kind = ConfigNodeKind.Mapping, Line = (int)start.Line, Column = (int)start.Column, Entries = entries };
        }

        if (parser.TryConsume<AnchorAlias>(out _))
        {
            diagnostics.Add(new Diagnostic(DiagnosticCodes.YamlSyntax, DiagnosticSeverity.Error, "YAML aliases are not supported here", new SourceLocation(file, (int)start.Line, (int)start.Column)));
            return new ConfigNode { Kind = ConfigNodeKind.Scalar, Line = (int)start.Line, Column = (int)start.Column };
        }

        throw new YamlException(start, parser.Current!.End, $"unexpected {parser.Current.GetType().Name}");
    }

    private static string Clean(string message)
    {
        // YamlDotNet prefixes messages with "(Line: 3, Col: 5, Idx: 20) - (Line: ...): "; the location is ours to print.
        var at = message.LastIndexOf("): ", StringComparison.Ordinal);
        return at >= 0 ? message[(at + 3)..] : message;
    }
}
