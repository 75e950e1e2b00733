using System.Text.Json.Nodes;

namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>One request the fake received: method, path with query, and the JSON body (null for none).</summary>
internal sealed record FakeRequest(string Method, string PathAndQuery, JsonNode? Body)
{
    public string Path => PathAndQuery.Split('?')[0];

    public override string ToString() => $"{Method} {PathAndQuery}";
}
