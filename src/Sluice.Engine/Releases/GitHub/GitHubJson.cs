using System.Text.Json;
using Sluice.Core.Releases.Commits;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>Reading the few fields releases need from GitHub's documented response shapes.</summary>
internal static class GitHubJson
{
    /// <summary>The string at a dotted path (<c>commit.tree.sha</c>), or null.</summary>
    public static string? Str(JsonElement element, string path)
    {
        var current = element;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current.ValueKind == JsonValueKind.String ? current.GetString() : current.ValueKind == JsonValueKind.Number ? current.GetRawText() : null;
    }

    public static int Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : 0;

    public static IEnumerable<JsonElement> Items(JsonElement element, string? property = null)
    {
        var list = property is null ? element : element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var p) ? p : default;
        return list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];
    }

    /// <summary>A commit object as the commits and compare endpoints return it: <c>{ sha, commit: { message }, parents: [{ sha }] }</c>.</summary>
    public static RawCommit Commit(JsonElement element) =>
        new(
            Str(element, "sha") ?? "",
            Items(element, "parents").Select(p => Str(p, "sha") ?? "").ToList(),
            Str(element, "commit.message") ?? "");
}
