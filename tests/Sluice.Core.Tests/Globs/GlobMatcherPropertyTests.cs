using System.Text;
using System.Text.RegularExpressions;
using Sluice.Core.Globs;

namespace Sluice.Core.Tests.Globs;

/// <summary>
/// The token matcher against an independent reference: the same patterns written as regular expressions
/// (seeded random patterns and paths over a small alphabet, so collisions between them are frequent).
/// </summary>
public sealed class GlobMatcherPropertyTests
{
    private static readonly string[] PatternParts = ["a", "b", "/", "?", "*", "**", "**/", "[ab]", "[!a]"];

    [Fact]
    public void IsMatch_AgreesWithARegexReference_On20000RandomCases()
    {
        var random = new Random(7);
        var checkedCases = 0;
        var matches = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var pattern = RandomPattern(random);
            if (!Glob.TryParse(pattern, out var glob, out _))
            {
                continue;
            }

            var reference = new Regex("^" + Reference(pattern) + "$", RegexOptions.CultureInvariant);
            var path = RandomPath(random);

            var expected = reference.IsMatch(path);
            glob.IsMatch(path).ShouldBe(expected, $"pattern `{pattern}` path `{path}` reference {reference}");
            checkedCases++;
            matches += expected ? 1 : 0;
        }

        checkedCases.ShouldBeGreaterThan(15_000);
        matches.ShouldBeGreaterThan(1_000, "the generator must produce matching cases too");
    }

    private static string RandomPattern(Random random)
    {
        var sb = new StringBuilder();
        var parts = random.Next(1, 6);
        for (var i = 0; i < parts; i++)
        {
            sb.Append(PatternParts[random.Next(PatternParts.Length)]);
        }

        return sb.ToString();
    }

    private static string RandomPath(Random random)
    {
        var sb = new StringBuilder();
        var length = random.Next(0, 8);
        for (var i = 0; i < length; i++)
        {
            sb.Append("ab/"[random.Next(3)]);
        }

        return sb.ToString();
    }

    private static string Reference(string pattern)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var atSegmentStart = i == 0 || pattern[i - 1] == '/';
                if (atSegmentStart && i + 2 < pattern.Length && pattern[i + 2] == '/')
                {
                    sb.Append("(?:.*/)?");
                    i += 2;
                }
                else
                {
                    sb.Append(".*");
                    i++;
                }
            }
            else if (c == '[')
            {
                var end = pattern.IndexOf(']', i);
                var body = pattern[(i + 1)..end];
                sb.Append(body.StartsWith('!') ? "[^/" + body[1..] + "]" : "[" + body + "]");
                i = end;
            }
            else
            {
                sb.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
            }
        }

        if (pattern.EndsWith('/'))
        {
            sb.Append(".*");
        }

        return sb.ToString();
    }
}
