using System.Text;
using System.Text.RegularExpressions;

namespace Sluice.Core.Planning;

/// <summary>
/// A PR comment command such as <c>/deploy {environment}</c>: literal words, and placeholders that each
/// capture one word. A comment matches when its first non-empty line is the command (extra spaces allowed).
/// </summary>
public sealed class CommentCommand
{
    private readonly Regex regex;

    private CommentCommand(string pattern, Regex regex, IReadOnlyList<string> placeholders)
    {
        Pattern = pattern;
        this.regex = regex;
        Placeholders = placeholders;
    }

    public string Pattern { get; }

    public IReadOnlyList<string> Placeholders { get; }

    public static bool TryParse(string pattern, out CommentCommand? command, out string? error)
    {
        command = null;
        ArgumentNullException.ThrowIfNull(pattern);
        var words = pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0 || !words[0].StartsWith('/') || words[0].Length < 2)
        {
            error = "a command starts with `/` and a name";
            return false;
        }

        var sb = new StringBuilder("^");
        var placeholders = new List<string>();
        for (var i = 0; i < words.Length; i++)
        {
            var word = words[i];
            if (i > 0)
            {
                sb.Append(@"\s+");
            }

            if (word.StartsWith('{') && word.EndsWith('}'))
            {
                var name = word[1..^1];
                if (!Regex.IsMatch(name, "^[A-Za-z_][A-Za-z0-9_-]*$"))
                {
                    error = $"invalid placeholder `{word}`";
                    return false;
                }

                if (placeholders.Contains(name))
                {
                    error = $"placeholder `{word}` appears twice";
                    return false;
                }

                placeholders.Add(name);
                sb.Append(@"(\S+)");
            }
            else if (word.Contains('{') || word.Contains('}'))
            {
                error = $"placeholders are whole words like `{{name}}`, found `{word}`";
                return false;
            }
            else
            {
                sb.Append(Regex.Escape(word));
            }
        }

        sb.Append(@"\s*$");
        command = new CommentCommand(pattern, new Regex(sb.ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), placeholders);
        error = null;
        return true;
    }

    /// <summary>Matches the comment's first non-empty line; returns the placeholder values or null.</summary>
    public IReadOnlyDictionary<string, string>? Match(string comment)
    {
        ArgumentNullException.ThrowIfNull(comment);
        var line = comment.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0);
        if (line is null)
        {
            return null;
        }

        var match = regex.Match(line);
        if (!match.Success)
        {
            return null;
        }

        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Placeholders.Count; i++)
        {
            args[Placeholders[i]] = match.Groups[i + 1].Value;
        }

        return args;
    }
}
