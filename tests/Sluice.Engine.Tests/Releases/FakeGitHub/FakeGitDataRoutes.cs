using System.Text;
using System.Text.Json.Nodes;
using System.Web;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>
/// Repository, commits, compare, tags, trees, contents and the git data API (blobs, trees, commits, refs, tag objects),
/// answering with the status codes GitHub documents (201 on create, 422 for an existing ref or a non-fast-forward
/// update, 404 for unknown objects).
/// </summary>
internal static class FakeGitDataRoutes
{
    public static void Register(FakeGitHubServer server)
    {
        var s = server.State;
        server.Route("GET", "", (_, _) => FakeResponse.Ok(new JsonObject
        {
            ["id"] = 1,
            ["name"] = s.Name,
            ["full_name"] = $"{s.Owner}/{s.Name}",
            ["default_branch"] = s.DefaultBranch,
            ["html_url"] = $"https://github.example/{s.Owner}/{s.Name}",
        }));

        server.Route("GET", "/git/ref/(?<ref>.+)", (_, m) =>
            s.Refs.TryGetValue(m.Groups["ref"].Value, out var sha)
                ? FakeResponse.Ok(FakeJson.Ref(m.Groups["ref"].Value, sha, s.TagObjects.ContainsKey(sha) ? "tag" : "commit"))
                : FakeResponse.NotFound());

        server.Route("GET", "/git/matching-refs/(?<ref>.+)", (r, m) => server.Page(r, s.Refs
            .Where(x => x.Key.StartsWith(m.Groups["ref"].Value, StringComparison.Ordinal))
            .OrderBy(x => x.Key, StringComparer.Ordinal)
            .Select(x => (JsonNode)FakeJson.Ref(x.Key, x.Value, "commit"))
            .ToList()));

        server.Route("GET", "/git/commits/(?<sha>[0-9a-f]{40})", (_, m) =>
            s.Commits.TryGetValue(m.Groups["sha"].Value, out var c) ? FakeResponse.Ok(FakeJson.GitCommit(c)) : FakeResponse.NotFound());

        server.Route("GET", "/git/trees/(?<sha>[0-9a-f]{40})", (_, m) =>
        {
            if (!s.Trees.TryGetValue(m.Groups["sha"].Value, out var tree))
            {
                return FakeResponse.NotFound();
            }

            var entries = tree.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (JsonNode)new JsonObject
            {
                ["path"] = e.Key, ["mode"] = e.Value.Mode, ["type"] = "blob", ["sha"] = e.Value.Blob, ["size"] = Encoding.UTF8.GetByteCount(s.Blobs[e.Value.Blob]),
            });
            return FakeResponse.Ok(new JsonObject { ["sha"] = m.Groups["sha"].Value, ["tree"] = new JsonArray(entries.ToArray()), ["truncated"] = false });
        });

        server.Route("GET", "/git/blobs/(?<sha>[0-9a-f]{40})", (_, m) =>
            s.Blobs.TryGetValue(m.Groups["sha"].Value, out var blob)
                ? FakeResponse.Ok(new JsonObject
                {
                    ["sha"] = m.Groups["sha"].Value, ["encoding"] = "base64", ["size"] = Encoding.UTF8.GetByteCount(blob),
                    ["content"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(blob)),
                })
                : FakeResponse.NotFound());

        server.Route("GET", "/tags", (r, _) => server.Page(r, s.Refs
            .Where(x => x.Key.StartsWith("tags/", StringComparison.Ordinal))
            .OrderByDescending(x => x.Key, StringComparer.Ordinal)
            .Select(x => (JsonNode)new JsonObject
            {
                ["name"] = x.Key[5..],
                ["commit"] = new JsonObject { ["sha"] = s.Peel(x.Value), ["url"] = $"{server.BaseUrl}/repos/acme/app/commits/{s.Peel(x.Value)}" },
                ["zipball_url"] = "z",
                ["tarball_url"] = "t",
            })
            .ToList()));

        server.Route("GET", "/compare/(?<base>[0-9a-f]{40})\\.\\.\\.(?<head>[0-9a-f]{40})", (r, m) =>
        {
            var (b, h) = (m.Groups["base"].Value, m.Groups["head"].Value);
            if (!s.Commits.ContainsKey(b) || !s.Commits.ContainsKey(h))
            {
                return FakeResponse.NotFound();
            }

            var ahead = s.History(h, b);
            var behind = s.History(b, h);
            var status = ahead.Count == 0 && behind.Count == 0 ? "identical" : behind.Count == 0 ? "ahead" : ahead.Count == 0 ? "behind" : "diverged";
            var commits = ahead.OrderBy(c => c.Seq).Select(c => (JsonNode)FakeJson.Commit(server, c)).ToList();
            return server.Page(r, commits, page => new JsonObject
            {
                ["status"] = status,
                ["ahead_by"] = ahead.Count,
                ["behind_by"] = behind.Count,
                ["total_commits"] = ahead.Count,
                ["base_commit"] = FakeJson.Commit(server, s.Commits[b]),
                ["commits"] = page,
                ["files"] = new JsonArray(),
            });
        });

        server.Route("GET", "/commits", (r, _) =>
        {
            var query = HttpUtility.ParseQueryString(r.PathAndQuery.Split('?', 2) is [_, var q] ? q : "");
            var head = query["sha"] is { } sha ? (s.Refs.GetValueOrDefault("heads/" + sha) ?? sha) : s.Head(s.DefaultBranch);
            var history = s.History(head).Where(c => query["path"] is not { } path || s.Touches(c, path));
            return server.Page(r, history.Select(c => (JsonNode)FakeJson.Commit(server, c)).ToList());
        });

        server.Route("GET", "/contents/(?<path>.+)", (r, m) =>
        {
            var query = HttpUtility.ParseQueryString(r.PathAndQuery.Split('?', 2) is [_, var q] ? q : "");
            var commit = query["ref"] ?? s.Head(s.DefaultBranch);
            var path = m.Groups["path"].Value;
            if (!s.Commits.ContainsKey(commit) || s.Content(commit, path) is not { } content)
            {
                return FakeResponse.NotFound();
            }

            var blobSha = s.Trees[s.Commits[commit].TreeSha][path].Blob;
            if (Encoding.UTF8.GetByteCount(content) > server.ContentsApiLimit)
            {
                // GitHub: files over 1 MB come with an empty content and encoding "none".
                return FakeResponse.Ok(new JsonObject
                {
                    ["type"] = "file", ["encoding"] = "none", ["name"] = path.Split('/')[^1], ["path"] = path,
                    ["size"] = Encoding.UTF8.GetByteCount(content), ["sha"] = blobSha, ["content"] = "",
                });
            }

            var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(content));
            var wrapped = string.Join('\n', Enumerable.Range(0, (base64.Length + 59) / 60).Select(i => base64.Substring(i * 60, Math.Min(60, base64.Length - (i * 60)))));
            return FakeResponse.Ok(new JsonObject
            {
                ["type"] = "file", ["encoding"] = "base64", ["name"] = path.Split('/')[^1], ["path"] = path,
                ["size"] = Encoding.UTF8.GetByteCount(content), ["sha"] = blobSha, ["content"] = wrapped + "\n",
            });
        });

        RegisterWrites(server, s);
    }

    private static void RegisterWrites(FakeGitHubServer server, FakeGitHubState s)
    {
        server.Route("POST", "/git/blobs", (r, _) =>
        {
            var encoding = (string?)r.Body!["encoding"] ?? "utf-8";
            var content = (string)r.Body!["content"]!;
            var text = encoding == "base64" ? Encoding.UTF8.GetString(Convert.FromBase64String(content)) : content;
            var sha = s.Blob(text);
            return FakeResponse.Created(new JsonObject { ["sha"] = sha, ["url"] = $"{server.BaseUrl}/repos/acme/app/git/blobs/{sha}" });
        });

        server.Route("POST", "/git/trees", (r, _) =>
        {
            var entries = r.Body!["base_tree"] is { } baseTree ? new Dictionary<string, (string, string)>(s.Trees[(string)baseTree!]) : [];
            foreach (var entry in r.Body!["tree"]!.AsArray())
            {
                var blob = (string?)entry!["sha"] ?? s.Blob((string)entry["content"]!);
                entries[(string)entry["path"]!] = ((string)entry["mode"]!, blob);
            }

            var sha = s.Tree(entries);
            return FakeResponse.Created(new JsonObject { ["sha"] = sha, ["tree"] = new JsonArray(), ["truncated"] = false });
        });

        server.Route("POST", "/git/commits", (r, _) =>
        {
            var tree = (string)r.Body!["tree"]!;
            var parents = r.Body!["parents"]!.AsArray().Select(p => (string)p!).ToList();
            if (!s.Trees.ContainsKey(tree) || parents.Any(p => !s.Commits.ContainsKey(p)))
            {
                return FakeResponse.Error(422, "Tree SHA does not exist");
            }

            return FakeResponse.Created(FakeJson.GitCommit(s.Commits[s.CommitObject((string)r.Body!["message"]!, tree, parents)]));
        });

        server.Route("PATCH", "/git/refs/(?<ref>.+)", (r, m) =>
        {
            var name = m.Groups["ref"].Value;
            var sha = (string)r.Body!["sha"]!;
            if (!s.Refs.TryGetValue(name, out var current))
            {
                return FakeResponse.Error(422, "Reference does not exist");
            }

            if (r.Body!["force"]?.GetValue<bool>() != true && !s.Ancestors(sha).Contains(current))
            {
                return FakeResponse.Error(422, "Update is not a fast forward");
            }

            s.Refs[name] = sha;
            return FakeResponse.Ok(FakeJson.Ref(name, sha, "commit"));
        });

        server.Route("POST", "/git/refs", (r, _) =>
        {
            var name = ((string)r.Body!["ref"]!)["refs/".Length..];
            if (s.Refs.ContainsKey(name))
            {
                return FakeResponse.Error(422, "Reference already exists");
            }

            var sha = (string)r.Body!["sha"]!;
            s.Refs[name] = sha;
            return FakeResponse.Created(FakeJson.Ref(name, sha, s.TagObjects.ContainsKey(sha) ? "tag" : "commit"));
        });

        server.Route("POST", "/git/tags", (r, _) =>
        {
            var target = (string)r.Body!["object"]!;
            if ((string?)r.Body!["type"] != "commit" || !s.Commits.ContainsKey(target))
            {
                return FakeResponse.Error(422, "Object does not exist");
            }

            var tag = (string)r.Body!["tag"]!;
            var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA1.HashData(Encoding.UTF8.GetBytes("tagobj" + tag + target)));
            s.TagObjects[sha] = (tag, (string)r.Body!["message"]!, target);
            return FakeResponse.Created(new JsonObject
            {
                ["sha"] = sha, ["tag"] = tag, ["message"] = (string)r.Body!["message"]!,
                ["object"] = new JsonObject { ["type"] = "commit", ["sha"] = target },
            });
        });
    }
}
