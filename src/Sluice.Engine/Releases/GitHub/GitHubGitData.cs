using System.Text.Json.Nodes;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>
/// Writes through GitHub's git data API: one commit from blobs and a tree on <c>base_tree</c>, a fast-forward-only
/// ref update (<c>force: false</c>, so a branch that moved meanwhile is never overwritten), annotated tags as a tag
/// object plus a <c>refs/tags/</c> ref, and GitHub releases.
/// </summary>
internal sealed class GitHubGitData(GitHubClient client, string repo)
{
    /// <summary>Returns the new commit's SHA and tree SHA.</summary>
    public async Task<RepoResult<(string Sha, string Tree)>> CommitAsync(
        RepositoryHead head, IReadOnlyList<FileChange> changes, IReadOnlyDictionary<string, string> modes, string message, CancellationToken cancellationToken)
    {
        var entries = new JsonArray();
        foreach (var change in changes)
        {
            var blob = await PostAsync("git/blobs", new JsonObject { ["content"] = change.Content, ["encoding"] = "utf-8" }, cancellationToken);
            if (!blob.IsSuccess)
            {
                return blob.As<(string, string)>();
            }

            entries.Add(new JsonObject
            {
                ["path"] = change.Path,
                ["mode"] = modes.GetValueOrDefault(change.Path, "100644"),
                ["type"] = "blob",
                ["sha"] = GitHubJson.Str(blob.Value!.Json, "sha"),
            });
        }

        var tree = await PostAsync("git/trees", new JsonObject { ["base_tree"] = head.TreeSha, ["tree"] = entries }, cancellationToken);
        if (!tree.IsSuccess)
        {
            return tree.As<(string, string)>();
        }

        var treeSha = GitHubJson.Str(tree.Value!.Json, "sha")!;
        var commit = await CommitTreeAsync(treeSha, head.Sha, message, cancellationToken);
        if (!commit.IsSuccess)
        {
            return commit.As<(string, string)>();
        }

        var update = await client.SendAsync(
            HttpMethod.Patch, $"{repo}/git/refs/heads/{GitHubClient.Escape(head.Branch)}", new JsonObject { ["sha"] = commit.Value, ["force"] = false }, cancellationToken);
        return update.IsSuccess
            ? RepoResult<(string, string)>.Ok((commit.Value!, treeSha))
            : RepoResult<(string, string)>.Fail($"updating {head.Branch} (did it move?): {update.ErrorMessage}");
    }

    public async Task<RepoResult<string>> CommitTreeAsync(string treeSha, string parentSha, string message, CancellationToken cancellationToken)
    {
        var commit = await PostAsync(
            "git/commits", new JsonObject { ["message"] = message, ["tree"] = treeSha, ["parents"] = new JsonArray(parentSha) }, cancellationToken);
        return commit.IsSuccess ? RepoResult<string>.Ok(GitHubJson.Str(commit.Value!.Json, "sha")!) : commit.As<string>();
    }

    public async Task<RepoResult<string>> CreateRefAsync(string reference, string sha, CancellationToken cancellationToken)
    {
        var r = await PostAsync("git/refs", new JsonObject { ["ref"] = reference, ["sha"] = sha }, cancellationToken);
        return r.IsSuccess ? RepoResult<string>.Ok(reference) : r.As<string>();
    }

    public async Task<RepoResult<string>> CreateTagAsync(string name, string message, string commitSha, CancellationToken cancellationToken)
    {
        var tag = await PostAsync(
            "git/tags", new JsonObject { ["tag"] = name, ["message"] = message, ["object"] = commitSha, ["type"] = "commit" }, cancellationToken);
        if (!tag.IsSuccess)
        {
            return tag.As<string>();
        }

        var reference = await CreateRefAsync("refs/tags/" + name, GitHubJson.Str(tag.Value!.Json, "sha")!, cancellationToken);
        return reference.IsSuccess ? RepoResult<string>.Ok(name) : RepoResult<string>.Fail($"creating tag {name}: {reference.Error}");
    }

    public async Task<RepoResult<string>> CreateReleaseAsync(HostRelease release, CancellationToken cancellationToken)
    {
        var r = await PostAsync(
            "releases",
            new JsonObject { ["tag_name"] = release.Tag, ["name"] = release.Name, ["body"] = release.Body, ["draft"] = false, ["prerelease"] = release.Prerelease },
            cancellationToken);
        return r.IsSuccess
            ? RepoResult<string>.Ok(GitHubJson.Str(r.Value!.Json, "html_url") ?? release.Tag)
            : RepoResult<string>.Fail($"creating the GitHub release {release.Tag}: {r.Error}");
    }

    private async Task<RepoResult<GitHubResponse>> PostAsync(string path, JsonObject body, CancellationToken cancellationToken)
    {
        var r = await client.SendAsync(HttpMethod.Post, $"{repo}/{path}", body, cancellationToken);
        return r.IsSuccess ? RepoResult<GitHubResponse>.Ok(r) : RepoResult<GitHubResponse>.Fail($"POST {path}: {r.ErrorMessage}");
    }
}
