namespace Sluice.Engine.Execution;

/// <summary>
/// Reads the files behind <c>$SLUICE_OUTPUT</c> and <c>$SLUICE_ENV</c>, in GitHub's format: one
/// <c>name=value</c> per line, or a multi-line value written as
/// <c>name&lt;&lt;DELIMITER</c>, the lines, then <c>DELIMITER</c> alone on a line. Later entries win.
/// Malformed lines are reported as errors (without their content, which may hold a secret) and skipped.
/// </summary>
internal static class CommandFile
{
    public static CommandFileResult Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }

            var heredoc = line.IndexOf("<<", StringComparison.Ordinal);
            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (heredoc > 0 && (eq < 0 || heredoc < eq))
            {
                var name = line[..heredoc];
                var delimiter = line[(heredoc + 2)..];
                if (delimiter.Length == 0)
                {
                    errors.Add($"line {i + 1}: `{name}<<` needs a delimiter");
                    continue;
                }

                var start = i + 1;
                var end = start;
                while (end < lines.Length && lines[end].TrimEnd('\r') != delimiter)
                {
                    end++;
                }

                if (end >= lines.Length)
                {
                    errors.Add($"line {i + 1}: delimiter `{delimiter}` for `{name}` not found");
                    break;
                }

                values[name] = string.Join('\n', lines[start..end].Select(l => l.TrimEnd('\r')));
                i = end;
            }
            else if (eq > 0)
            {
                values[line[..eq]] = line[(eq + 1)..];
            }
            else
            {
                errors.Add($"line {i + 1}: expected name=value or name<<DELIMITER");
            }
        }

        return new CommandFileResult(values, errors);
    }

    /// <summary>Reads and parses <paramref name="path"/>; a missing file means the step wrote nothing.</summary>
    public static async Task<CommandFileResult> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return CommandFileResult.Empty;
        }

        return Parse(await File.ReadAllTextAsync(path, cancellationToken));
    }
}
