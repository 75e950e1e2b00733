using System.Text.Json.Nodes;

namespace Sluice.Server.Tests.Support;

/// <summary>Webhook bodies built from the sample payloads in <c>Payloads/</c> (GitHub's documented shapes), with the fields a test sets.</summary>
internal static class Payloads
{
    public const string Repository = "octo-org/octo-repo";
    public const string Zero = "0000000000000000000000000000000000000000";

    public static JsonObject Load(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Payloads", name + ".json")))!.AsObject();

    public static string Push(string after, string before = Zero, string reference = "refs/heads/main", bool created = false, bool deleted = false, bool forced = false)
    {
        var json = Load("push");
        json["ref"] = reference;
        json["after"] = after;
        json["before"] = before;
        json["created"] = created;
        json["deleted"] = deleted;
        json["forced"] = forced;
        return json.ToJsonString();
    }

    public static string PullRequest(string action, int number, string headSha, string headRef, string baseSha, string baseRef = "main", string? headRepository = Repository, bool merged = false)
    {
        var json = Load("pull_request");
        json["action"] = action;
        json["number"] = number;
        var pr = json["pull_request"]!.AsObject();
        pr["number"] = number;
        pr["merged"] = merged;
        pr["head"]!["sha"] = headSha;
        pr["head"]!["ref"] = headRef;
        pr["head"]!["repo"] = headRepository is null ? null : new JsonObject { ["full_name"] = headRepository, ["fork"] = headRepository != Repository };
        pr["base"]!["sha"] = baseSha;
        pr["base"]!["ref"] = baseRef;
        return json.ToJsonString();
    }

    public static string Comment(int number, string body, string association = "OWNER", string login = "octocat")
    {
        var json = Load("issue_comment");
        json["issue"]!["number"] = number;
        json["comment"]!["body"] = body;
        json["comment"]!["author_association"] = association;
        json["comment"]!["user"]!["login"] = login;
        return json.ToJsonString();
    }

    public static string CreateTag(string tag)
    {
        var json = Load("create");
        json["ref"] = tag;
        return json.ToJsonString();
    }

    public static string Ping() => Load("ping").ToJsonString();
}
