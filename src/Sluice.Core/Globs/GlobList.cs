using System.Diagnostics.CodeAnalysis;

namespace Sluice.Core.Globs;

/// <summary>
/// An ordered list of globs where later patterns override earlier ones: a path is selected when the
/// last pattern that matches it is positive. A list that starts with a negated pattern starts from
/// "everything selected", so <c>[ '!docs/**' ]</c> means "anything but docs". An empty list selects nothing.
/// </summary>
public sealed class GlobList
{
    public GlobList(IReadOnlyList<Glob> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Patterns = patterns;
    }

    public IReadOnlyList<Glob> Patterns { get; }

    /// <summary>Patterns known to be valid (tests, built-in defaults); throws <see cref="FormatException"/> otherwise.</summary>
    public static GlobList Of(params string[] patterns) => new(patterns.Select(Glob.Parse).ToList());

    /// <summary>Parses every pattern; the error names the first invalid one: <c>`src/***`: `***` is not ...</c>.</summary>
    public static bool TryParse(IEnumerable<string> patterns, [NotNullWhen(true)] out GlobList? list, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        list = null;
        var globs = new List<Glob>();
        foreach (var pattern in patterns)
        {
            if (!Glob.TryParse(pattern, out var glob, out var globError))
            {
                error = $"`{pattern}`: {globError}";
                return false;
            }

            globs.Add(glob);
        }

        list = new GlobList(globs);
        error = null;
        return true;
    }

    public bool IsMatch(string path)
    {
        var selected = Patterns.Count > 0 && Patterns[0].Negated;
        foreach (var glob in Patterns)
        {
            if (glob.IsMatch(path))
            {
                selected = !glob.Negated;
            }
        }

        return selected;
    }

    /// <summary>True when any of the paths is selected.</summary>
    public bool MatchesAny(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (IsMatch(path))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() => string.Join(", ", Patterns.Select(p => p.Pattern));
}
