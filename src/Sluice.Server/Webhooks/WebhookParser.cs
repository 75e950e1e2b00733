using System.Text.Json;

namespace Sluice.Server.Webhooks;

/// <summary>
/// Reads GitHub webhook bodies (the documented shapes of ping, push, pull_request, issue_comment and create; samples in
/// tests/Sluice.Server.Tests/Payloads). Missing required fields are errors naming the field; events and actions the
/// server does not act on are "ignored" with the reason. Pure: used at intake (to answer 400/202) and when processing.
/// </summary>
internal static class WebhookParser
{
    private static readonly HashSet<string> PullRequestActions = new(StringComparer.Ordinal) { "opened", "synchronize", "reopened", "closed" };

    public static ParsedWebhook Parse(string eventName, ReadOnlyMemory<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            return ParsedWebhook.Invalid("malformed JSON: " + e.Message);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ParsedWebhook.Invalid("the body must be a JSON object");
            }

            try
            {
                return Parse(eventName, root);
            }
            catch (MissingFieldException e)
            {
                return ParsedWebhook.Invalid(e.Message);
            }
        }
    }

    private static ParsedWebhook Parse(string eventName, JsonElement root)
    {
        if (eventName == "ping")
        {
            var repo = root.TryGetProperty("repository", out var r) && r.ValueKind == JsonValueKind.Object ? Str(r, "full_name", "repository.full_name") : null;
            return new ParsedWebhook(WebhookKind.Ping, repo);
        }

        var repository = Str(Obj(root, "repository", "repository"), "full_name", "repository.full_name");
        var sender = OptionalLogin(root, "sender");
        switch (eventName)
        {
            case "push":
                var push = new PushPayload(Str(root, "ref", "ref"), Str(root, "before", "before"), Str(root, "after", "after"),
                    Bool(root, "created"), Bool(root, "deleted"), Bool(root, "forced"),
                    OptionalLogin(root, "pusher", "name") ?? sender, OptionalString(Obj(root, "repository", "repository"), "default_branch"));
                if (push.Branch is null && push.Tag is null)
                {
                    return ParsedWebhook.Ignore(repository, $"push of `{push.Ref}`: neither a branch nor a tag");
                }

                return new ParsedWebhook(WebhookKind.Push, repository, Push: push);
            case "pull_request":
                var action = Str(root, "action", "action");
                if (!PullRequestActions.Contains(action))
                {
                    return ParsedWebhook.Ignore(repository, $"pull_request action `{action}` starts nothing (opened, synchronize, reopened, closed do)");
                }

                var pr = Obj(root, "pull_request", "pull_request");
                var head = Obj(pr, "head", "pull_request.head");
                var baseRef = Obj(pr, "base", "pull_request.base");
                var headRepo = head.TryGetProperty("repo", out var hr) && hr.ValueKind == JsonValueKind.Object ? OptionalString(hr, "full_name") : null;
                var number = root.TryGetProperty("number", out var n) && n.ValueKind == JsonValueKind.Number ? n.GetInt32() : Int(pr, "number", "pull_request.number");
                return new ParsedWebhook(WebhookKind.PullRequest, repository, PullRequest: new PullRequestPayload(
                    action, number, Str(head, "sha", "pull_request.head.sha"), Str(head, "ref", "pull_request.head.ref"),
                    Str(baseRef, "sha", "pull_request.base.sha"), Str(baseRef, "ref", "pull_request.base.ref"), headRepo,
                    OptionalString(Obj(baseRef, "repo", "pull_request.base.repo"), "full_name") ?? repository,
                    Bool(pr, "merged"), sender ?? OptionalLogin(pr, "user")));
            case "issue_comment":
                var commentAction = Str(root, "action", "action");
                var issue = Obj(root, "issue", "issue");
                var comment = Obj(root, "comment", "comment");
                if (commentAction != "created")
                {
                    return ParsedWebhook.Ignore(repository, $"issue_comment action `{commentAction}` starts nothing (only new comments do)");
                }

                if (!issue.TryGetProperty("pull_request", out var link) || link.ValueKind != JsonValueKind.Object)
                {
                    return ParsedWebhook.Ignore(repository, "comment on an issue, not a pull request");
                }

                return new ParsedWebhook(WebhookKind.IssueComment, repository, Comment: new CommentPayload(
                    Int(issue, "number", "issue.number"), comment.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.Number ? id.GetInt64() : 0,
                    Str(comment, "body", "comment.body"), Str(Obj(comment, "user", "comment.user"), "login", "comment.user.login"),
                    Str(comment, "author_association", "comment.author_association")));
            case "create":
                var create = new CreatePayload(Str(root, "ref", "ref"), Str(root, "ref_type", "ref_type"), sender);
                return create.RefType == "tag"
                    ? new ParsedWebhook(WebhookKind.Create, repository, Create: create)
                    : ParsedWebhook.Ignore(repository, $"create of a {create.RefType}: branches start runs through their push");
            default:
                return ParsedWebhook.Ignore(repository, $"event `{eventName}` is not used by Sluice (ping, push, pull_request, issue_comment, create are)");
        }
    }

    private static JsonElement Obj(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : throw Missing(path, "an object");

    private static string Str(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Missing(path, "a string");

    private static int Int(JsonElement parent, string name, string path) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : throw Missing(path, "a number");

    private static bool Bool(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? OptionalString(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? OptionalLogin(JsonElement parent, string name, string field = "login") =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? OptionalString(value, field) : null;

    private static MissingFieldException Missing(string path, string what) => new($"missing field `{path}` ({what})");
}
