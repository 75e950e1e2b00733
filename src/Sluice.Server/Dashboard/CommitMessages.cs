using System.Collections.Concurrent;
using Sluice.Server.Config;
using Sluice.Server.Mirrors;

namespace Sluice.Server.Dashboard;

/// <summary>
/// Commit subjects for the runs list, read from the server's mirrors with one <c>git log</c> per page and kept for the
/// process's life (a commit never changes). A commit the mirror lacks simply has no message.
/// </summary>
internal sealed class CommitMessages(ServerConfig config, MirrorStore mirrors)
{
    private readonly ConcurrentDictionary<string, string> subjects = new(StringComparer.Ordinal);

    public async Task<IReadOnlyDictionary<string, string>> GetAsync(IEnumerable<(string Repository, string? Sha)> commits, CancellationToken cancellationToken)
    {
        var wanted = commits.Where(c => c.Sha is not null).Select(c => (c.Repository, Sha: c.Sha!)).Distinct().ToList();
        foreach (var group in wanted.Where(c => !subjects.ContainsKey(c.Sha)).GroupBy(c => c.Repository, StringComparer.OrdinalIgnoreCase))
        {
            var repo = config.FindRepository(group.Key);
            if (repo is null || !Directory.Exists(mirrors.PathOf(repo)))
            {
                continue;
            }

            var result = await mirrors.Git(repo).RunAsync(["log", "--no-walk=unsorted", "--ignore-missing", "--format=%H%x09%s", .. group.Select(c => c.Sha)], cancellationToken);
            foreach (var line in result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var tab = line.IndexOf('\t', StringComparison.Ordinal);
                if (tab > 0)
                {
                    subjects[line[..tab]] = line[(tab + 1)..];
                }
            }
        }

        return wanted.Where(c => subjects.ContainsKey(c.Sha)).Select(c => c.Sha).Distinct().ToDictionary(s => s, s => subjects[s], StringComparer.Ordinal);
    }
}
