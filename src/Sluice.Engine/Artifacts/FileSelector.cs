using Sluice.Core.Globs;

namespace Sluice.Engine.Artifacts;

/// <summary>
/// Finds the files under a root that a list of paths/globs selects (artifacts, cache paths). A plain path
/// selects that file or everything under that directory; a glob is matched against root-relative paths
/// with <c>/</c> separators, walking only below its literal prefix; a <c>!pattern</c> removes matches.
/// Results are sorted, relative, and never outside the root.
/// </summary>
internal static class FileSelector
{
    public static IReadOnlyList<string> Select(string root, IEnumerable<string> patterns)
    {
        var selected = new SortedSet<string>(StringComparer.Ordinal);
        var excluded = new List<Glob>();
        foreach (var raw in patterns)
        {
            var pattern = raw.Trim().Replace('\\', '/');
            if (pattern.StartsWith("./", StringComparison.Ordinal))
            {
                pattern = pattern[2..];
            }

            if (pattern.Length == 0)
            {
                continue;
            }

            if (pattern.StartsWith('!'))
            {
                if (Glob.TryParse(pattern[1..], out var negated, out _))
                {
                    excluded.Add(negated!);
                }

                continue;
            }

            var prefix = LiteralPrefix(pattern);
            var start = Path.GetFullPath(Path.Combine(root, prefix));
            if (!IsInside(root, start))
            {
                continue;
            }

            if (prefix == pattern.TrimEnd('/'))
            {
                AddLiteral(root, start, selected);
            }
            else if (Directory.Exists(start) && Glob.TryParse(pattern, out var glob, out _))
            {
                foreach (var file in Directory.EnumerateFiles(start, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
                {
                    var relative = Relative(root, file);
                    if (glob!.IsMatch(relative))
                    {
                        selected.Add(relative);
                    }
                }
            }
        }

        return selected.Where(p => !excluded.Any(g => g.IsMatch(p))).ToList();
    }

    private static void AddLiteral(string root, string path, SortedSet<string> selected)
    {
        if (File.Exists(path))
        {
            selected.Add(Relative(root, path));
        }
        else if (Directory.Exists(path))
        {
            foreach (var file in Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                selected.Add(Relative(root, file));
            }
        }
    }

    /// <summary>The directory part before the first segment with a wildcard (the whole pattern when it has none).</summary>
    private static string LiteralPrefix(string pattern)
    {
        var segments = pattern.TrimEnd('/').Split('/');
        var literal = segments.TakeWhile(s => s.IndexOfAny(['*', '?', '[', '{', '\\']) < 0).ToList();
        return string.Join('/', literal);
    }

    private static string Relative(string root, string path) => Path.GetRelativePath(root, path).Replace('\\', '/');

    private static bool IsInside(string root, string path)
    {
        var relative = Path.GetRelativePath(Path.GetFullPath(root), path);
        return relative == "." || (!relative.StartsWith("..", StringComparison.Ordinal) && !Path.IsPathRooted(relative));
    }
}
