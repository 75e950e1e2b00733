using System.Diagnostics.CodeAnalysis;

namespace Sluice.Core.Globs;

/// <summary>
/// One glob pattern with a single meaning everywhere in Sluice (branch filters, path filters,
/// <c>changes</c>, <c>changed()</c>, artifacts):
/// <list type="bullet">
/// <item><c>*</c> any run of characters except <c>/</c>; <c>?</c> one character except <c>/</c>.</item>
/// <item><c>**</c> any run of characters including <c>/</c>; <c>a/**/b</c> also matches <c>a/b</c> and
/// <c>**/x</c> also matches <c>x</c>. Three or more <c>*</c> in a row are an error.</item>
/// <item><c>{x,y}</c> either alternative (may nest); each alternative is read as if the whole pattern had
/// been written with it (<c>src/{**/,}*.cs</c> is <c>src/**/*.cs</c> or <c>src/*.cs</c>).</item>
/// <item><c>[abc]</c>, <c>[a-z]</c>, <c>[!a]</c> (also <c>[^a]</c>) one character of a class; a class never
/// matches <c>/</c>.</item>
/// <item><c>\</c> escapes the next character, also inside a class (<c>\*</c>, <c>\{</c>, <c>[\]]</c>). A leading
/// <c>!</c> negates the pattern inside a <see cref="GlobList"/>; <c>\!</c> matches a literal <c>!</c>.</item>
/// <item>Matching is case-sensitive and anchored to the whole path; a pattern ending in <c>/</c> matches
/// everything under that directory. Paths are relative to the repository root: a leading <c>./</c> is
/// ignored in paths and patterns, and a pattern starting with <c>/</c> is an error.</item>
/// </list>
/// </summary>
public sealed class Glob
{
    private readonly IReadOnlyList<GlobToken[]> alternatives;

    private Glob(string pattern, bool negated, IReadOnlyList<GlobToken[]> alternatives)
    {
        Pattern = pattern;
        Negated = negated;
        this.alternatives = alternatives;
    }

    /// <summary>The pattern as written, including a leading <c>!</c>.</summary>
    public string Pattern { get; }

    public bool Negated { get; }

    public static bool TryParse(string pattern, [NotNullWhen(true)] out Glob? glob, [NotNullWhen(false)] out string? error)
    {
        glob = null;
        ArgumentNullException.ThrowIfNull(pattern);
        var negated = pattern.StartsWith('!');
        var body = negated ? pattern[1..] : pattern;
        var offset = negated ? 1 : 0;
        while (body.StartsWith("./", StringComparison.Ordinal))
        {
            (body, offset) = (body[2..], offset + 2);
        }

        if (body.Length == 0)
        {
            error = negated ? "`!` must be followed by a pattern" : "empty pattern";
            return false;
        }

        if (body.StartsWith('/'))
        {
            error = $"`{pattern}` starts with `/`; patterns are relative to the repository root, so drop the leading `/`";
            return false;
        }

        if (!BraceExpander.TryExpand(body, offset, out var alternatives, out error))
        {
            return false;
        }

        var fragments = new List<GlobToken[]>(alternatives.Count);
        foreach (var alternative in alternatives.Distinct(StringComparer.Ordinal))
        {
            if (!GlobTranslator.TryTranslate(alternative, out var fragment, out error))
            {
                return false;
            }

            fragments.Add(fragment);
        }

        glob = new Glob(pattern, negated, fragments);
        error = null;
        return true;
    }

    /// <summary>Parses a pattern known to be valid (tests, built-in defaults).</summary>
    public static Glob Parse(string pattern) =>
        TryParse(pattern, out var glob, out var error) ? glob : throw new FormatException($"invalid glob `{pattern}`: {error}");

    /// <summary>True when the whole path matches, ignoring negation. A leading <c>./</c> of the path is ignored.</summary>
    public bool IsMatch(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        while (path.StartsWith("./", StringComparison.Ordinal))
        {
            path = path[2..];
        }

        return GlobMatcher.IsMatch(alternatives, path);
    }

    public override string ToString() => Pattern;
}
