namespace Sluice.Engine.State;

/// <summary>
/// Finds a repository's git <em>common</em> directory by reading the files git itself reads, without starting
/// <c>git</c>: <c>.git</c> is either the directory, or a file <c>gitdir: &lt;path&gt;</c> (linked worktrees,
/// submodules) whose target may hold a <c>commondir</c> file pointing at the shared directory.
/// </summary>
internal static class GitDirectories
{
    /// <summary>The common git directory of the repository containing <paramref name="directory"/>, or null outside one.</summary>
    public static string? FindCommonDirectory(string directory)
    {
        for (var current = new DirectoryInfo(Path.GetFullPath(directory)); current is not null; current = current.Parent)
        {
            var dotGit = Path.Combine(current.FullName, ".git");
            if (Directory.Exists(dotGit))
            {
                return CommonOf(dotGit);
            }

            if (File.Exists(dotGit) && ReadGitDirFile(dotGit) is { } gitDir)
            {
                return CommonOf(gitDir);
            }
        }

        return null;
    }

    private static string? ReadGitDirFile(string file)
    {
        const string Prefix = "gitdir:";
        var line = File.ReadLines(file).FirstOrDefault()?.Trim();
        if (line is null || !line.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var target = line[Prefix.Length..].Trim();
        var full = Path.GetFullPath(target, Path.GetDirectoryName(file)!);
        return Directory.Exists(full) ? full : null;
    }

    private static string CommonOf(string gitDir)
    {
        var commonDirFile = Path.Combine(gitDir, "commondir");
        if (File.Exists(commonDirFile) && File.ReadLines(commonDirFile).FirstOrDefault()?.Trim() is { Length: > 0 } common)
        {
            return Path.TrimEndingDirectorySeparator(Path.GetFullPath(common, gitDir));
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(gitDir));
    }
}
