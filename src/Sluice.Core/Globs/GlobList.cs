namespace Sluice.Core.Globs;

/// <summary>
/// An ordered list of globs where later patterns override earlier ones: a path is selected when the
/// last pattern that matches it is positive. A list that starts with a negated pattern starts from
/// "everything selected", so <c>[ '!docs/**' ]</c> means "anything but docs".
/// </summary>
public sealed class GlobList
{
    public GlobList(IReadOnlyList<Glob> patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        Patterns = patterns;
    }

    public IReadOnlyList<Glob> Patterns { get; }

    public static GlobList Of(params string[] patterns) => new(patterns.Select(Glob.Parse).ToList());

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
    public bool MatchesAny(IEnumerable<string> paths) => paths.Any(IsMatch);

    public override string ToString() => string.Join(", ", Patterns.Select(p => p.Pattern));
}
