using System.Text.Json.Nodes;

namespace Sluice.Server.Tests.FakeGitHub;

/// <summary>One request the fake GitHub received: method, path, the token it carried and the JSON body.</summary>
internal sealed record GitHubCall(string Method, string Path, string? Authorization, JsonNode? Body)
{
    public string? Field(string name) => Body?[name]?.GetValue<string>();
}
