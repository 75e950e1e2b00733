namespace Sluice.Core.Globs;

/// <summary>
/// Matches a path against compiled glob alternatives by simulating the pattern as a small automaton over
/// its tokens: time is proportional to path length × pattern length, so no pattern can hang, and nothing is
/// compiled when a pipeline is parsed (a regex per glob cost about a millisecond each to build).
/// </summary>
internal static class GlobMatcher
{
    public static bool IsMatch(IReadOnlyList<GlobToken[]> alternatives, string path)
    {
        foreach (var tokens in alternatives)
        {
            if (IsMatch(tokens, path))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsMatch(GlobToken[] tokens, string path)
    {
        var count = tokens.Length + 1; // state == tokens.Length means "whole pattern consumed"
        Span<bool> current = count <= 256 ? stackalloc bool[count] : new bool[count];
        Span<bool> next = count <= 256 ? stackalloc bool[count] : new bool[count];
        current.Clear();
        current[0] = true;
        Close(tokens, current);
        foreach (var c in path)
        {
            next.Clear();
            var any = false;
            for (var i = 0; i < tokens.Length; i++)
            {
                if (!current[i])
                {
                    continue;
                }

                var token = tokens[i];
                switch (token.Kind)
                {
                    case GlobTokenKind.Star when c != '/':
                    case GlobTokenKind.DeepStar:
                        next[i] = any = true;
                        break;
                    case GlobTokenKind.Directories or GlobTokenKind.DirectoriesInside:
                        // Entry and inside both consume anything; a `/` may end the group (state after Inside).
                        var inside = token.Kind == GlobTokenKind.Directories ? i + 1 : i;
                        next[inside] = any = true;
                        if (c == '/')
                        {
                            next[inside + 1] = true;
                        }

                        break;
                    case GlobTokenKind.Star:
                        break;
                    default:
                        if (token.MatchesOne(c))
                        {
                            next[i + 1] = any = true;
                        }

                        break;
                }
            }

            if (!any)
            {
                return false;
            }

            Close(tokens, next);
            var swap = current;
            current = next;
            next = swap;
        }

        return current[tokens.Length];
    }

    /// <summary>Stars and directory groups may match nothing: whoever stands before one also stands after it.</summary>
    private static void Close(GlobToken[] tokens, Span<bool> states)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if (!states[i])
            {
                continue;
            }

            switch (tokens[i].Kind)
            {
                case GlobTokenKind.Star or GlobTokenKind.DeepStar:
                    states[i + 1] = true;
                    break;
                case GlobTokenKind.Directories:
                    states[i + 2] = true; // skip the group (and its Inside state) entirely
                    break;
            }
        }
    }
}
