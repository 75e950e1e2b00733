using System.Text.Json.Nodes;
using System.Web;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>
/// Pull requests (list with <c>head=owner:branch</c>, create — refused with 422 when the head has no commits beyond
/// the base, as GitHub does —, merge with 405 when not mergeable and 409 when the head moved, update), issue comments
/// and releases.
/// </summary>
internal static class FakePullRoutes
{
    public static void Register(FakeGitHubServer server)
    {
        var s = server.State;
        server.Route("GET", "/pulls", (r, _) =>
        {
            var query = HttpUtility.ParseQueryString(r.PathAndQuery.Split('?', 2) is [_, var q] ? q : "");
            var pulls = s.Pulls.Where(p =>
                (query["state"] ?? "open") is var state && (state == "all" || p.State == state)
                && (query["head"] is not { } head || head == $"{s.Owner}:{p.Head}")
                && (query["base"] is not { } b || b == p.Base));
            return server.Page(r, pulls.Select(p => (JsonNode)FakeJson.Pull(p, s)).ToList());
        });

        server.Route("POST", "/pulls", (r, _) =>
        {
            var head = (string)r.Body!["head"]!;
            var baseBranch = (string)r.Body!["base"]!;
            if (!s.Refs.TryGetValue("heads/" + head, out var headSha) || !s.Refs.TryGetValue("heads/" + baseBranch, out var baseSha))
            {
                return FakeResponse.Error(422, "Validation Failed");
            }

            if (s.History(headSha, baseSha).Count == 0)
            {
                return FakeResponse.Error(422, $"Validation Failed: No commits between {baseBranch} and {head}");
            }

            var pr = new FakePullRequest { Number = s.Pulls.Count + 1, Head = head, Base = baseBranch, Title = (string)r.Body!["title"]!, Body = (string?)r.Body!["body"] ?? "" };
            s.Pulls.Add(pr);
            return FakeResponse.Created(FakeJson.Pull(pr, s));
        });

        server.Route("PUT", "/pulls/(?<n>\\d+)/merge", (r, m) =>
        {
            var pr = s.Pulls.SingleOrDefault(p => p.Number == int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (pr is null)
            {
                return FakeResponse.NotFound();
            }

            var headSha = s.Head(pr.Head);
            if (r.Body?["sha"] is { } expected && (string)expected! != headSha)
            {
                return FakeResponse.Error(409, "Head branch was modified. Review and try the merge again.");
            }

            if (pr.State != "open" || !pr.Mergeable)
            {
                return FakeResponse.Error(405, "Pull Request is not mergeable");
            }

            var baseSha = s.Head(pr.Base);
            var title = (string?)r.Body?["commit_title"] ?? $"Merge pull request #{pr.Number} from acme/{pr.Head}";
            var merge = s.CommitObject(title, s.Commits[headSha].TreeSha, [baseSha, headSha]);
            s.Refs["heads/" + pr.Base] = merge;
            pr.State = "closed";
            pr.Merged = true;
            return FakeResponse.Ok(new JsonObject { ["sha"] = merge, ["merged"] = true, ["message"] = "Pull Request successfully merged" });
        });

        server.Route("PATCH", "/pulls/(?<n>\\d+)", (r, m) =>
        {
            var pr = s.Pulls.SingleOrDefault(p => p.Number == int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (pr is null)
            {
                return FakeResponse.NotFound();
            }

            if ((string?)r.Body!["state"] is { } state)
            {
                pr.State = state;
            }

            return FakeResponse.Ok(FakeJson.Pull(pr, s));
        });

        server.Route("POST", "/issues/(?<n>\\d+)/comments", (r, m) =>
        {
            var pr = s.Pulls.SingleOrDefault(p => p.Number == int.Parse(m.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture));
            if (pr is null)
            {
                return FakeResponse.NotFound();
            }

            pr.Comments.Add((string)r.Body!["body"]!);
            return FakeResponse.Created(new JsonObject { ["id"] = pr.Comments.Count, ["body"] = (string)r.Body!["body"]! });
        });

        server.Route("POST", "/releases", (r, _) =>
        {
            var tag = (string)r.Body!["tag_name"]!;
            if (!s.Refs.ContainsKey("tags/" + tag) && r.Body!["target_commitish"] is null)
            {
                return FakeResponse.Error(422, "Validation Failed: tag_name does not exist");
            }

            var release = r.Body!.AsObject().DeepClone().AsObject();
            release["id"] = s.Releases.Count + 1;
            release["html_url"] = $"https://github.example/acme/app/releases/tag/{tag}";
            s.Releases.Add(release);
            return FakeResponse.Created(release);
        });
    }
}
