using System.Text.Json.Nodes;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>A response as GitHub would send it: status, JSON body, optional <c>Link</c> header.</summary>
internal sealed record FakeResponse(int Status, JsonNode? Body, string? Link = null)
{
    public static FakeResponse Ok(JsonNode body, string? link = null) => new(200, body, link);

    public static FakeResponse Created(JsonNode body) => new(201, body);

    public static FakeResponse NotFound() => new(404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = "https://docs.github.com/rest" });

    public static FakeResponse Error(int status, string message) => new(status, new JsonObject { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" });
}
