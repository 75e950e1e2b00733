using System.Buffers;

namespace Sluice.Core.Yaml;

/// <summary>
/// A fast reader for the block-YAML subset pipeline files are written in: block mappings and sequences,
/// plain and single-line quoted scalars, literal and folded block scalars, one-line flow collections and
/// comments. It builds the same <see cref="YamlNode"/> tree, with the same positions, as reading YamlDotNet's
/// events does (a differential test holds it to that). Anything outside the subset, including every syntax
/// error, anchors, aliases, tags, multi-line plain or quoted scalars and document markers, makes it decline,
/// and <see cref="YamlTreeReader"/> reads the text with YamlDotNet instead: behaviour and diagnostics there
/// stay YamlDotNet's. Declining is a value (false), not an exception.
/// </summary>
internal sealed partial class BlockYamlReader
{
    // Below YamlTreeReader's limit, so documents near it get YamlDotNet's path and its diagnostic.
    private const int MaxDepth = 48;

    // YamlDotNet refuses simple keys longer than 1024 characters; leave those to it.
    private const int MaxKeyLength = 1000;

    private static readonly SearchValues<char> PlainAscii = SearchValues.Create(
        "\n !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static readonly IReadOnlyList<(YamlScalar Key, int FirstLine)> NoDuplicates = [];

    // Entries and items of the collections being read, as stacks: each collection copies its own into an
    // exact-size array when it ends, which allocates far less than a growing list per collection.
    private readonly List<KeyValuePair<YamlScalar, YamlNode>> entryStack = [];
    private readonly List<YamlNode> itemStack = [];

    private readonly string text;
    private int pos;
    private int line = 1;
    private int lineStart;

    // Indentation of the content line pos stands on after a node was read; -1 at the end of the text.
    private int nextIndent;
    private int duplicates;

    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> strings =
        new Dictionary<string, string>(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();

    private BlockYamlReader(string text) => this.text = text;

    /// <summary>Reads <paramref name="text"/> when it is inside the subset; false means "use YamlDotNet".</summary>
    public static bool TryRead(string text, out YamlNode? root, out bool hasDuplicates)
    {
        root = null;
        hasDuplicates = false;
        if (HasUnsupportedCharacters(text))
        {
            return false;
        }

        var reader = new BlockYamlReader(text);
        if (!reader.FindContent(allowDocumentStart: true) || reader.nextIndent < 0)
        {
            return false;
        }

        root = reader.BlockNode(reader.nextIndent, 0);
        if (root is null || reader.nextIndent != -1)
        {
            root = null;
            return false;
        }

        hasDuplicates = reader.duplicates > 0;
        return true;
    }

    /// <summary>Tabs, carriage returns, control characters, surrogates and byte order marks are YamlDotNet's business.</summary>
    private static bool HasUnsupportedCharacters(string text)
    {
        var span = text.AsSpan();
        while (true)
        {
            var i = span.IndexOfAnyExcept(PlainAscii);
            if (i < 0)
            {
                return false;
            }

            var c = span[i];
            if (c is < '\u00A0' or (> '\uD7FF' and < '\uE000') or '\uFEFF' or > '\uFFFD')
            {
                return true;
            }

            span = span[(i + 1)..];
        }
    }

    private int Column => pos - lineStart + 1;

    private bool At(int offset, char c) => offset < text.Length && text[offset] == c;

    private bool IsBreakOrEnd(int offset) => offset >= text.Length || text[offset] == '\n';

    private bool IsBlankOrEnd(int offset) => offset >= text.Length || text[offset] is ' ' or '\n';

    /// <summary>A <c>-</c> followed by a space or the line end starts a sequence entry.</summary>
    private bool IsSequenceEntry(int offset) => At(offset, '-') && IsBlankOrEnd(offset + 1);

    /// <summary>
    /// From the line start (or a line break) at pos, skips blank and comment lines and stops on the first
    /// character of the next content line. False on a document marker or directive, which the subset lacks.
    /// </summary>
    private bool FindContent(bool allowDocumentStart = false)
    {
        if (pos >= text.Length && pos > lineStart)
        {
            nextIndent = -1; // The last line had no line break.
            return true;
        }

        if (pos < text.Length && text[pos] == '\n')
        {
            NewLine(pos + 1);
        }

        while (true)
        {
            var i = lineStart;
            while (i < text.Length && text[i] == ' ')
            {
                i++;
            }

            if (i >= text.Length)
            {
                pos = text.Length;
                nextIndent = -1;
                return true;
            }

            if (text[i] == '#' || text[i] == '\n')
            {
                var end = text.IndexOf('\n', i);
                if (end < 0)
                {
                    pos = text.Length;
                    nextIndent = -1;
                    return true;
                }

                NewLine(end + 1);
                continue;
            }

            if (i == lineStart && IsDocumentMarkerOrDirective(i))
            {
                if (!allowDocumentStart || !text.AsSpan(i).StartsWith("---"))
                {
                    return false;
                }

                // A leading `---` alone on its line (comments allowed) starts the one document.
                allowDocumentStart = false;
                pos = i + 3;
                if (!FinishLine())
                {
                    return false;
                }

                if (pos >= text.Length)
                {
                    nextIndent = -1;
                    return true;
                }

                NewLine(pos + 1);
                continue;
            }

            pos = i;
            nextIndent = i - lineStart;
            return true;
        }
    }

    private bool IsDocumentMarkerOrDirective(int i)
    {
        var rest = text.AsSpan(i);
        return rest.StartsWith('%') || ((rest.StartsWith("---") || rest.StartsWith("...")) && IsBlankOrEnd(i + 3));
    }

    private void NewLine(int start)
    {
        line++;
        lineStart = start;
        pos = start;
    }

    private void SkipSpaces()
    {
        while (pos < text.Length && text[pos] == ' ')
        {
            pos++;
        }
    }

    /// <summary>After a node on its line: only spaces and a comment may follow. Leaves pos on the line break.</summary>
    private bool FinishLine()
    {
        var start = pos;
        SkipSpaces();
        if (IsBreakOrEnd(pos))
        {
            return true;
        }

        if (text[pos] != '#' || pos == start)
        {
            return false;
        }

        var end = text.IndexOf('\n', pos);
        pos = end < 0 ? text.Length : end;
        return true;
    }

    private YamlNode? BlockNode(int indent, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        return IsSequenceEntry(pos) ? Sequence(indent, depth) : Mapping(indent, depth);
    }

    private YamlMapping? Mapping(int indent, int depth)
    {
        var startLine = line;
        var startColumn = Column;
        var mark = entryStack.Count;
        Dictionary<string, YamlScalar>? seen = null;
        List<(YamlScalar Key, int FirstLine)>? duplicated = null;
        while (true)
        {
            if (Key() is not { } key)
            {
                return null;
            }

            if (Value(indent, depth + 1) is not { } value)
            {
                return null;
            }

            AddEntry(mark, ref seen, ref duplicated, key, value);
            if (nextIndent < indent)
            {
                return new YamlMapping(PopEntries(mark), startLine, startColumn, duplicated ?? NoDuplicates);
            }

            if (nextIndent > indent || IsSequenceEntry(pos))
            {
                return null;
            }
        }
    }

    /// <summary>The value after <c>key:</c>: on the same line, a block node on the lines below, or empty.</summary>
    private YamlNode? Value(int indent, int depth)
    {
        var emptyLine = line;
        var emptyColumn = Column;
        var start = pos;
        SkipSpaces();
        if (!IsBreakOrEnd(pos) && !(text[pos] == '#' && pos > start))
        {
            return Inline(indent, depth);
        }

        pos = start;
        if (!FinishLine() || !FindContent())
        {
            return null;
        }

        if (nextIndent > indent)
        {
            return BlockNode(nextIndent, depth);
        }

        // A sequence may sit at its key's own indentation.
        if (nextIndent == indent && IsSequenceEntry(pos))
        {
            return Sequence(indent, depth);
        }

        return new YamlScalar("", false, false, emptyLine, emptyColumn);
    }

    private YamlSequence? Sequence(int indent, int depth)
    {
        var startLine = line;
        var startColumn = Column;
        var mark = itemStack.Count;
        while (true)
        {
            pos++;
            SkipSpaces();
            if (IsBreakOrEnd(pos) || text[pos] == '#' || IsSequenceEntry(pos) || depth > MaxDepth)
            {
                return null;
            }

            var item = LooksLikeKey() ? Mapping(pos - lineStart, depth + 1) : Inline(indent, depth + 1);
            if (item is null)
            {
                return null;
            }

            itemStack.Add(item);
            if (nextIndent == indent && IsSequenceEntry(pos))
            {
                continue;
            }

            // At the same indentation without `-` the parent mapping goes on (or declines).
            return nextIndent <= indent ? new YamlSequence(PopItems(mark), startLine, startColumn) : null;
        }
    }

    /// <summary>A node that starts on the current line, then the next content line is found.</summary>
    private YamlNode? Inline(int indent, int depth)
    {
        YamlNode? node;
        switch (text[pos])
        {
            case '|' or '>':
                return BlockScalar(indent);
            case '"' or '\'':
                node = Quoted();
                break;
            case '[' or '{':
                node = Flow(depth);
                break;
            default:
                node = PlainInBlock();
                break;
        }

        return node is not null && FinishLine() && FindContent() ? node : null;
    }
}
