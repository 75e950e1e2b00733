using System.Collections.Concurrent;
using Sluice.Engine.Git;
using Sluice.Engine.Pipelines;
using Sluice.Server.Config;

namespace Sluice.Server.Mirrors;

/// <summary>
/// One bare mirror per repository under <c>&lt;data&gt;/mirrors/</c>, fetched on demand: a commit an event names is
/// fetched when the mirror lacks it (branches, tags, the pull request's <c>refs/pull/N/head</c>, then the sha itself).
/// Commits are immutable, so what is derived from them is cached in memory: known commits, changed files per
/// (base, head), merge bases and parsed pipelines per <c>.sluice</c> tree. Fetches of one repository are serialized.
/// </summary>
internal sealed class MirrorStore(string root)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> locks = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, bool> knownCommits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> changedFiles = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string?> mergeBases = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> pipelineTrees = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PipelineSet> pipelineSets = new(StringComparer.Ordinal);

    public string PathOf(RepositoryConfig repo) => Path.Combine(root, "mirrors", repo.Owner, repo.Repo + ".git");

    public GitCli Git(RepositoryConfig repo) => new(PathOf(repo));

    /// <summary>Makes sure the mirror has every commit in <paramref name="shas"/>; fetches when one is missing.</summary>
    public async Task<string?> EnsureCommitsAsync(RepositoryConfig repo, IReadOnlyList<string> shas, int? pullRequest, CancellationToken cancellationToken)
    {
        if (shas.All(s => knownCommits.ContainsKey(repo.Name + "@" + s)))
        {
            return null;
        }

        var gate = locks.GetOrAdd(repo.Name, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            var missing = await MissingAsync(repo, shas, cancellationToken);
            if (missing.Count == 0)
            {
                return null;
            }

            var fetch = await FetchAsync(repo, pullRequest, cancellationToken);
            missing = await MissingAsync(repo, missing, cancellationToken);
            foreach (var sha in missing.ToList())
            {
                // A commit no ref points at any more (a force push, a fork's head): fetch it by id.
                if ((await Git(repo).RunAsync(["fetch", "--quiet", repo.CloneUrl, sha], cancellationToken)).Ok)
                {
                    missing.Remove(sha);
                }
            }

            return missing.Count == 0 ? null : $"commit {string.Join(", ", missing)} not found in {repo.Name}" + (fetch is null ? "" : $" ({fetch})");
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Fetches every branch and tag (and the pull request's head ref); returns an error text or null.</summary>
    public async Task<string?> FetchAsync(RepositoryConfig repo, int? pullRequest, CancellationToken cancellationToken)
    {
        var path = PathOf(repo);
        if (!Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            var init = await new GitCli(path).RunAsync(["init", "--bare", "--quiet"], cancellationToken);
            if (!init.Ok)
            {
                return "git init failed: " + init.Error.Trim();
            }
        }

        var fetch = await Git(repo).RunAsync(["fetch", "--quiet", "--prune", "--force", repo.CloneUrl, "+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"], cancellationToken);
        if (pullRequest is { } number)
        {
            // GitHub serves refs/pull/N/head for every pull request, forks included; other remotes may not have it.
            await Git(repo).RunAsync(["fetch", "--quiet", "--force", repo.CloneUrl, $"+refs/pull/{number}/head:refs/pull/{number}/head"], cancellationToken);
        }

        return fetch.Ok ? null : "git fetch failed: " + fetch.Error.Trim();
    }

    /// <summary>The commit a tag or branch points at after a fetch, or null.</summary>
    public async Task<string?> ResolveAsync(RepositoryConfig repo, string reference, bool fetch, CancellationToken cancellationToken)
    {
        if (fetch)
        {
            var gate = locks.GetOrAdd(repo.Name, _ => new SemaphoreSlim(1, 1));
            await gate.WaitAsync(cancellationToken);
            try
            {
                await FetchAsync(repo, null, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }

        var result = await Git(repo).RunAsync(["rev-parse", "--verify", "--quiet", reference + "^{commit}"], cancellationToken);
        return result.Ok ? result.Output.Trim() : null;
    }

    /// <summary>Paths changed between two commits (<c>git diff --name-only</c>), or null when git cannot tell.</summary>
    public async Task<IReadOnlyList<string>?> ChangedFilesAsync(RepositoryConfig repo, string from, string to, CancellationToken cancellationToken)
    {
        var key = $"{repo.Name}@{from}..{to}";
        if (changedFiles.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var diff = await Git(repo).RunAsync(["diff", "--name-only", "-z", "--no-renames", from, to], cancellationToken);
        if (!diff.Ok)
        {
            return null;
        }

        var files = diff.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
        changedFiles[key] = files;
        return files;
    }

    public async Task<string?> MergeBaseAsync(RepositoryConfig repo, string a, string b, CancellationToken cancellationToken)
    {
        var key = $"{repo.Name}@{a}^{b}";
        if (mergeBases.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var result = await Git(repo).RunAsync(["merge-base", a, b], cancellationToken);
        return mergeBases[key] = result.Ok ? result.Output.Trim() : null;
    }

    /// <summary>The pipelines of <c>.sluice/</c> at a commit, parsed once per distinct <c>.sluice</c> tree.</summary>
    public async Task<PipelineSet?> LoadPipelinesAsync(RepositoryConfig repo, string sha, CancellationToken cancellationToken)
    {
        var git = Git(repo);
        if (!pipelineTrees.TryGetValue(repo.Name + "@" + sha, out var tree))
        {
            var treeResult = await git.RunAsync(["rev-parse", "--verify", "--quiet", sha + ":.sluice"], cancellationToken);
            if (!treeResult.Ok)
            {
                return null;
            }

            tree = treeResult.Output.Trim();
            pipelineTrees[repo.Name + "@" + sha] = tree;
        }

        if (pipelineSets.TryGetValue(tree, out var set))
        {
            return set;
        }

        var folder = Path.Combine(root, "pipelines", tree);
        var sluice = Path.Combine(folder, ".sluice");
        if (!Directory.Exists(sluice))
        {
            var staging = Path.Combine(root, "pipelines", tree + ".tmp-" + Guid.NewGuid().ToString("N")[..8], ".sluice");
            Directory.CreateDirectory(staging);
            var list = await git.RunAsync(["ls-tree", "--name-only", tree], cancellationToken);
            foreach (var name in list.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(n => n.EndsWith(".yml", StringComparison.Ordinal) || n.EndsWith(".yaml", StringComparison.Ordinal)))
            {
                var show = await git.RunAsync(["cat-file", "blob", $"{tree}:{name}"], cancellationToken);
                await File.WriteAllTextAsync(Path.Combine(staging, name), show.Output, cancellationToken);
            }

            try
            {
                Directory.Move(Path.GetDirectoryName(staging)!, folder);
            }
            catch (IOException)
            {
                // Another caller moved the same tree in first; both wrote the same content.
                Directory.Delete(Path.GetDirectoryName(staging)!, recursive: true);
            }
        }

        return pipelineSets.GetOrAdd(tree, _ => PipelineLoader.Load([folder], folder));
    }

    /// <summary>The folder holding the <c>.sluice</c> files at <paramref name="sha"/> (for <c>environments.yml</c>), or null.</summary>
    public async Task<string?> PipelineFolderAsync(RepositoryConfig repo, string sha, CancellationToken cancellationToken) =>
        await LoadPipelinesAsync(repo, sha, cancellationToken) is not null && pipelineTrees.TryGetValue(repo.Name + "@" + sha, out var tree)
            ? Path.Combine(root, "pipelines", tree, ".sluice")
            : null;

    private async Task<List<string>> MissingAsync(RepositoryConfig repo, IEnumerable<string> shas, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        if (!Directory.Exists(PathOf(repo)))
        {
            return shas.ToList();
        }

        foreach (var sha in shas)
        {
            if (knownCommits.ContainsKey(repo.Name + "@" + sha))
            {
                continue;
            }

            if ((await Git(repo).RunAsync(["cat-file", "-e", sha + "^{commit}"], cancellationToken)).Ok)
            {
                knownCommits[repo.Name + "@" + sha] = true;
            }
            else
            {
                missing.Add(sha);
            }
        }

        return missing;
    }
}
