namespace Sluice.Core.Yaml;

/// <summary>Block scalars (<c>|</c>, <c>&gt;</c>) and one-line flow collections of the <see cref="BlockYamlReader"/> subset.</summary>
internal sealed partial class BlockYamlReader
{
    /// <summary>
    /// A literal or folded block scalar with auto-detected indentation. Declines explicit indentation
    /// indicators, more-indented lines in folded scalars, whitespace-only lines deeper than the content
    /// and content running into the end of the text without a line break: corners where readers differ.
    /// </summary>
    private YamlScalar? BlockScalar(int indent)
    {
        var startLine = line;
        var startColumn = Column;
        var literal = text[pos] == '|';
        pos++;
        var chomping = 0; // -1 strip, 0 clip, +1 keep
        if (At(pos, '-') || At(pos, '+'))
        {
            chomping = text[pos] == '-' ? -1 : 1;
            pos++;
        }

        if (!IsBlankOrEnd(pos) || !FinishLine() || pos >= text.Length)
        {
            return null;
        }

        var p = pos + 1;
        var contentIndent = ContentIndent(p);
        if (contentIndent <= indent)
        {
            return null;
        }

        var parts = new List<(int Start, int End)>();
        var lastContent = -1;
        var lines = 0;
        while (p < text.Length)
        {
            var s = p;
            while (s < text.Length && text[s] == ' ')
            {
                s++;
            }

            var lineEnd = s < text.Length ? text.IndexOf('\n', s) : -1;
            lineEnd = lineEnd < 0 ? text.Length : lineEnd;
            if (s == lineEnd)
            {
                if (s - p > contentIndent || lineEnd == text.Length)
                {
                    return null;
                }

                parts.Add((p, p));
            }
            else if (s - p < contentIndent)
            {
                break;
            }
            else if (lineEnd == text.Length)
            {
                return null;
            }
            else
            {
                parts.Add((p + contentIndent, lineEnd));
                lastContent = parts.Count - 1;
            }

            p = lineEnd + 1;
            lines++;
        }

        builder.Clear();
        if (!(literal ? Literal(parts, lastContent) : Folded(parts, lastContent)))
        {
            return null;
        }

        if (chomping >= 0)
        {
            builder.Append('\n', 1 + (chomping > 0 ? parts.Count - 1 - lastContent : 0));
        }

        line += lines + 1; // The indicator's line break, then the content lines.
        lineStart = p;
        pos = p;
        // Short scripts (`make test`) repeat across jobs too.
        string value;
        if (builder.Length <= 64)
        {
            Span<char> chars = stackalloc char[builder.Length];
            builder.CopyTo(0, chars, builder.Length);
            value = Share(chars);
        }
        else
        {
            value = builder.ToString();
        }

        return FindContent() ? new YamlScalar(value, true, true, startLine, startColumn) : null;
    }

    /// <summary>The indentation of the first non-blank line from <paramref name="p"/>; -1 when leading blank lines are deeper or there is none.</summary>
    private int ContentIndent(int p)
    {
        var deepestBlank = 0;
        while (p < text.Length)
        {
            var s = p;
            while (s < text.Length && text[s] == ' ')
            {
                s++;
            }

            if (s < text.Length && text[s] != '\n')
            {
                return s - p >= deepestBlank ? s - p : -1;
            }

            deepestBlank = Math.Max(deepestBlank, s - p);
            p = s + 1;
        }

        return -1;
    }

    private bool Literal(List<(int Start, int End)> parts, int lastContent)
    {
        for (var i = 0; i <= lastContent; i++)
        {
            if (i > 0)
            {
                builder.Append('\n');
            }

            builder.Append(text, parts[i].Start, parts[i].End - parts[i].Start);
        }

        return true;
    }

    /// <summary>Lines joined by a space; each empty line between two lines is kept as a line break instead.</summary>
    private bool Folded(List<(int Start, int End)> parts, int lastContent)
    {
        var seenContent = false;
        var breaks = 0;
        for (var i = 0; i <= lastContent; i++)
        {
            var (start, end) = parts[i];
            if (start == end)
            {
                if (seenContent)
                {
                    breaks++;
                }
                else
                {
                    builder.Append('\n');
                }

                continue;
            }

            if (text[start] == ' ')
            {
                return false;
            }

            if (seenContent)
            {
                builder.Append(breaks == 0 ? " " : new string('\n', breaks));
            }

            builder.Append(text, start, end - start);
            seenContent = true;
            breaks = 0;
        }

        return true;
    }

    /// <summary>A flow sequence or mapping that closes on its line; pos ends after the closing bracket.</summary>
    private YamlNode? Flow(int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var startLine = line;
        var startColumn = Column;
        var sequence = text[pos] == '[';
        var close = sequence ? ']' : '}';
        pos++;
        SkipSpaces();
        var itemMark = itemStack.Count;
        var entryMark = entryStack.Count;
        Dictionary<string, YamlScalar>? seen = null;
        List<(YamlScalar Key, int FirstLine)>? duplicated = null;
        var first = true;
        while (!At(pos, close) || !first)
        {
            first = false;
            if (sequence)
            {
                if (FlowNode(depth + 1) is not { } item)
                {
                    return null;
                }

                itemStack.Add(item);
            }
            else
            {
                if (At(pos, '[') || At(pos, '{') || FlowNode(depth + 1, key: true) is not YamlScalar key || key.Value == "<<")
                {
                    return null;
                }

                SkipSpaces();
                if (!At(pos, ':') || !At(pos + 1, ' '))
                {
                    return null;
                }

                pos += 2;
                SkipSpaces();
                if (At(pos, ',') || At(pos, '}') || FlowNode(depth + 1) is not { } value)
                {
                    return null;
                }

                AddEntry(entryMark, ref seen, ref duplicated, key, value);
            }

            SkipSpaces();
            if (At(pos, close))
            {
                break;
            }

            if (!At(pos, ','))
            {
                return null;
            }

            pos++;
            SkipSpaces();
            if (At(pos, close))
            {
                return null; // A trailing comma.
            }
        }

        pos++;
        return sequence
            ? new YamlSequence(PopItems(itemMark), startLine, startColumn)
            : new YamlMapping(PopEntries(entryMark), startLine, startColumn, duplicated ?? NoDuplicates);
    }

    private YamlNode? FlowNode(int depth, bool key = false)
    {
        if (pos >= text.Length)
        {
            return null;
        }

        if (text[pos] is '[' or '{')
        {
            return Flow(depth);
        }

        if (text[pos] is '"' or '\'')
        {
            return Quoted();
        }

        if (!CanStartPlain(pos, flow: true))
        {
            return null;
        }

        // A plain scalar inside brackets ends at `,`, `]` or `}`; colons and comments are left to YamlDotNet.
        var start = pos;
        var end = text.AsSpan(pos).IndexOfAny(",[]{}:#\n");
        if (end < 0)
        {
            return null;
        }

        end += pos;
        if (text[end] is '#' or '\n' or '[' or '{' || (text[end] == ':' && !(key && At(end + 1, ' '))))
        {
            return null;
        }

        pos = end;
        while (text[end - 1] == ' ')
        {
            end--;
        }

        return new YamlScalar(Slice(start, end, 64), false, false, line, start - lineStart + 1);
    }
}
