using System.Text;

namespace Sluice.Engine.Secrets;

/// <summary>
/// Reads a <c>.env</c> file: <c>NAME=value</c> lines, optional <c>export </c> prefix, <c>#</c> comments,
/// single-quoted values taken literally, double-quoted values with <c>\n</c>, <c>\"</c>, <c>\\</c> escapes that may
/// span several lines (PEM keys). Unquoted values end at <c> #</c> and are trimmed.
/// </summary>
internal static class DotEnvParser
{
    public static DotEnvResult Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                errors.Add($"line {i + 1}: expected NAME=VALUE");
                continue;
            }

            var name = line[..eq].Trim();
            if (!SecretNames.IsValid(name))
            {
                errors.Add($"line {i + 1}: `{name}` is not a valid secret name");
                continue;
            }

            var rest = line[(eq + 1)..].TrimStart();
            if (rest.StartsWith('\''))
            {
                var end = rest.IndexOf('\'', 1);
                values[name] = end < 0 ? rest[1..] : rest[1..end];
            }
            else if (rest.StartsWith('"'))
            {
                var startLine = i;
                var value = ReadDoubleQuoted(lines, ref i, rest[1..], out var closed);
                if (!closed)
                {
                    errors.Add($"line {startLine + 1}: unterminated double-quoted value");
                    continue;
                }

                values[name] = value;
            }
            else
            {
                var comment = rest.IndexOf(" #", StringComparison.Ordinal);
                values[name] = (comment >= 0 ? rest[..comment] : rest).Trim();
            }
        }

        return new DotEnvResult(values, errors);
    }

    private static string ReadDoubleQuoted(string[] lines, ref int index, string first, out bool closed)
    {
        var sb = new StringBuilder();
        var current = first;
        while (true)
        {
            for (var k = 0; k < current.Length; k++)
            {
                var c = current[k];
                if (c == '\\' && k + 1 < current.Length)
                {
                    k++;
                    sb.Append(current[k] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                }
                else if (c == '"')
                {
                    closed = true;
                    return sb.ToString();
                }
                else
                {
                    sb.Append(c);
                }
            }

            if (index + 1 >= lines.Length)
            {
                closed = false;
                return sb.ToString();
            }

            sb.Append('\n');
            index++;
            current = lines[index];
        }
    }
}
