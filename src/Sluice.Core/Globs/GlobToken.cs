namespace Sluice.Core.Globs;

internal enum GlobTokenKind
{
    /// <summary>One given character.</summary>
    Literal,

    /// <summary><c>?</c>: one character except <c>/</c>.</summary>
    AnyChar,

    /// <summary><c>[...]</c>: one character (never <c>/</c>) in or, negated, not in the ranges.</summary>
    Class,

    /// <summary><c>*</c>: any run of characters except <c>/</c>.</summary>
    Star,

    /// <summary><c>**</c> (and a trailing <c>/</c>): any run of characters.</summary>
    DeepStar,

    /// <summary><c>**/</c> at a segment start: nothing, or any run ending in <c>/</c> (whole directories).
    /// Always followed by <see cref="DirectoriesInside"/>, the state after its first character.</summary>
    Directories,

    /// <summary>Inside a <see cref="Directories"/> group: may leave only right after a <c>/</c>.</summary>
    DirectoriesInside,
}

/// <summary>One instruction of a compiled glob alternative.</summary>
internal readonly record struct GlobToken(GlobTokenKind Kind, char Char = '\0', (char Low, char High)[]? Ranges = null, bool Negated = false)
{
    public bool MatchesOne(char c) => Kind switch
    {
        GlobTokenKind.Literal => c == Char,
        GlobTokenKind.AnyChar => c != '/',
        GlobTokenKind.Class => c != '/' && InRanges(c) != Negated,
        _ => false,
    };

    private bool InRanges(char c)
    {
        foreach (var (low, high) in Ranges!)
        {
            if (c >= low && c <= high)
            {
                return true;
            }
        }

        return false;
    }
}
