using System.Globalization;
using System.Text;

namespace Sluice.Core.Yaml;

/// <summary>Keys, scalars and one-line flow collections of the <see cref="BlockYamlReader"/> subset.</summary>
internal sealed partial class BlockYamlReader
{
    private readonly StringBuilder builder = new();

    /// <summary>A mapping key up to and including its <c>:</c>.</summary>
    private YamlScalar? Key()
    {
        YamlScalar? key;
        if (text[pos] is '"' or '\'')
        {
            key = Quoted();
            SkipSpaces();
            if (key is null || key.Value.Length > MaxKeyLength || !At(pos, ':') || !IsBlankOrEnd(pos + 1))
            {
                return null;
            }
        }
        else
        {
            var colon = CanStartPlain(pos, flow: false) ? KeyColon(pos) : -1;
            var end = colon;
            while (end > pos && text[end - 1] == ' ')
            {
                end--;
            }

            // YamlDotNet rejects a plain key with ` *` in it when its value starts on the next line ("While scanning a
            // multiline plain scalar, found invalid mapping"): such keys are left to it so that both readers agree.
            if (colon < 0 || end - pos > MaxKeyLength || text.AsSpan(pos, end - pos).Contains(" *", StringComparison.Ordinal))
            {
                return null;
            }

            key = new YamlScalar(Slice(pos, end, 64), false, false, line, Column);
            pos = colon;
        }

        // Merge keys (`<<: *defaults`) come with aliases; YamlTreeReader handles both.
        if (key.Value == "<<")
        {
            return null;
        }

        pos++;
        return key;
    }

    /// <summary>Whether the current line starts with a key (a compact mapping inside a sequence entry).</summary>
    private bool LooksLikeKey()
    {
        if (text[pos] is '"' or '\'')
        {
            var end = QuotedEnd(pos);
            while (end > 0 && At(end, ' '))
            {
                end++;
            }

            return end > 0 && At(end, ':') && IsBlankOrEnd(end + 1);
        }

        return CanStartPlain(pos, flow: false) && KeyColon(pos) >= 0;
    }

    /// <summary>The <c>:</c> that ends a plain key on this line, or -1 (none before a comment or the line end).</summary>
    private int KeyColon(int from)
    {
        var i = from;
        while (true)
        {
            var found = text.AsSpan(i).IndexOfAny(':', '#', '\n');
            if (found < 0)
            {
                return -1;
            }

            i += found;
            switch (text[i])
            {
                case '\n':
                    return -1;
                case ':' when IsBlankOrEnd(i + 1):
                    return i;
                case '#' when text[i - 1] == ' ':
                    return -1;
            }

            i++;
        }
    }

    /// <summary>Indicators that cannot start a plain scalar, or that the subset leaves to YamlDotNet.</summary>
    private bool CanStartPlain(int offset, bool flow) => text[offset] switch
    {
        '-' => !flow && !IsBlankOrEnd(offset + 1),
        '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ' or '\n' => false,
        _ => true,
    };

    /// <summary>A one-line plain scalar in block context; pos ends after its last non-space character.</summary>
    private YamlScalar? PlainInBlock()
    {
        if (!CanStartPlain(pos, flow: false))
        {
            return null;
        }

        var start = pos;
        var i = pos;
        int end;
        while (true)
        {
            var found = text.AsSpan(i).IndexOfAny(':', '#', '\n');
            if (found < 0)
            {
                end = text.Length;
                break;
            }

            i += found;
            if (text[i] == '\n' || (text[i] == '#' && text[i - 1] == ' '))
            {
                end = i;
                break;
            }

            if (text[i] == ':' && IsBlankOrEnd(i + 1))
            {
                return null; // `a: b: c` is an error; a key here would be a different structure.
            }

            i++;
        }

        while (text[end - 1] == ' ')
        {
            end--;
        }

        var scalar = new YamlScalar(Slice(start, end, 24), false, false, line, Column);
        pos = end;
        return scalar;
    }

    /// <summary>Offset just past the closing quote of the quoted scalar at <paramref name="start"/> on its line, or -1.</summary>
    private int QuotedEnd(int start)
    {
        var quote = text[start];
        var i = start + 1;
        while (true)
        {
            var found = quote == '\'' ? text.AsSpan(i).IndexOfAny('\'', '\n') : text.AsSpan(i).IndexOfAny('"', '\\', '\n');
            if (found < 0)
            {
                return -1;
            }

            i += found;
            if (text[i] == '\n')
            {
                return -1;
            }

            if (text[i] == '\\' && IsBreakOrEnd(i + 1))
            {
                return -1;
            }

            if (text[i] == '\\' || (quote == '\'' && At(i + 1, '\'')))
            {
                i += 2; // An escape or `''`.
                continue;
            }

            return i + 1;
        }
    }

    /// <summary>A single- or double-quoted scalar that closes on its line.</summary>
    private YamlScalar? Quoted()
    {
        var start = pos;
        var end = QuotedEnd(start);
        if (end < 0)
        {
            return null;
        }

        var inner = text.AsSpan(start + 1, end - start - 2);
        string? value;
        if (text[start] == '\'')
        {
            value = inner.Contains('\'') ? inner.ToString().Replace("''", "'", StringComparison.Ordinal) : Slice(start + 1, end - 1, 24);
        }
        else
        {
            value = inner.Contains('\\') ? Unescape(inner) : Slice(start + 1, end - 1, 24);
        }

        if (value is null)
        {
            return null;
        }

        var scalar = new YamlScalar(value, true, false, line, Column);
        pos = end;
        return scalar;
    }

    /// <summary>The common double-quoted escapes; null for the rest (YamlDotNet's to read).</summary>
    private string? Unescape(ReadOnlySpan<char> inner)
    {
        builder.Clear();
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] != '\\')
            {
                builder.Append(inner[i]);
                continue;
            }

            i++;
            var escaped = inner[i] switch
            {
                '0' => '\0', 'a' => '\a', 'b' => '\b', 't' => '\t', 'n' => '\n', 'v' => '\v', 'f' => '\f', 'r' => '\r', 'e' => '\u001B',
                ' ' => ' ', '"' => '"', '/' => '/', '\\' => '\\',
                'x' => Hex(inner, i + 1, 2),
                'u' => Hex(inner, i + 1, 4),
                _ => (char?)null,
            };
            if (escaped is not { } c)
            {
                return null;
            }

            builder.Append(c);
            i += inner[i] switch { 'x' => 2, 'u' => 4, _ => 0 };
        }

        return builder.ToString();
    }

    private static char? Hex(ReadOnlySpan<char> inner, int start, int digits) =>
        start + digits <= inner.Length
        && int.TryParse(inner.Slice(start, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
        && code is < 0xD800 or > 0xDFFF
            ? (char)code
            : null;
}
