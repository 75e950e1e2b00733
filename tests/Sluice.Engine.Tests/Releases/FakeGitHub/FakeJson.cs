using System.Text.Json.Nodes;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>GitHub's documented object shapes, trimmed to the fields a client may read.</summary>
internal static class FakeJson
{
    public static JsonObject Commit(FakeGitHubServer server, FakeCommit c) => new()
    {
        ["sha"] = c.Sha,
        ["node_id"] = "C_" + c.Sha[..10],
        ["url"] = $"{server.BaseUrl}/repos/acme/app/commits/{c.Sha}",
        ["html_url"] = $"https://github.example/acme/app/commit/{c.Sha}",
        ["commit"] = new JsonObject
        {
            ["message"] = c.Message,
            ["tree"] = new JsonObject { ["sha"] = c.TreeSha },
            ["author"] = Person(c.Seq),
            ["committer"] = Person(c.Seq),
        },
        ["parents"] = new JsonArray(c.Parents.Select(p => (JsonNode)new JsonObject { ["sha"] = p, ["url"] = $"{server.BaseUrl}/repos/acme/app/commits/{p}" }).ToArray()),
    };

    public static JsonObject GitCommit(FakeCommit c) => new()
    {
        ["sha"] = c.Sha,
        ["message"] = c.Message,
        ["tree"] = new JsonObject { ["sha"] = c.TreeSha },
        ["parents"] = new JsonArray(c.Parents.Select(p => (JsonNode)new JsonObject { ["sha"] = p }).ToArray()),
        ["author"] = Person(c.Seq),
        ["committer"] = Person(c.Seq),
        ["verification"] = new JsonObject { ["verified"] = false, ["reason"] = "unsigned" },
    };

    public static JsonObject Ref(string name, string sha, string type) => new()
    {
        ["ref"] = "refs/" + name,
        ["node_id"] = "REF_" + sha[..8],
        ["object"] = new JsonObject { ["type"] = type, ["sha"] = sha },
    };

    public static JsonObject Pull(FakePullRequest pr, FakeGitHubState state) => new()
    {
        ["number"] = pr.Number,
        ["state"] = pr.State,
        ["title"] = pr.Title,
        ["body"] = pr.Body,
        ["merged"] = pr.Merged,
        ["html_url"] = $"https://github.example/acme/app/pull/{pr.Number}",
        ["head"] = new JsonObject { ["ref"] = pr.Head, ["sha"] = state.Refs.GetValueOrDefault("heads/" + pr.Head), ["label"] = "acme:" + pr.Head },
        ["base"] = new JsonObject { ["ref"] = pr.Base, ["sha"] = state.Refs.GetValueOrDefault("heads/" + pr.Base) },
    };

    private static JsonObject Person(int seq) => new()
    {
        ["name"] = "Dev",
        ["email"] = "dev@example.com",
        ["date"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(seq).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
    };
}
