using System.Text.Json;

namespace Sluice.Engine.Releases.GitHub;

/// <summary>One API response: status, parsed JSON body (default when empty), and the <c>rel="next"</c> page link.</summary>
internal sealed record GitHubResponse(int Status, JsonElement Json, string? NextLink)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    /// <summary>GitHub's <c>message</c> field (plus validation <c>errors</c>), for error reports.</summary>
    public string ErrorMessage
    {
        get
        {
            if (Json.ValueKind != JsonValueKind.Object)
            {
                return $"HTTP {Status}";
            }

            var message = Json.TryGetProperty("message", out var m) ? m.GetString() : null;
            if (Json.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var details = errors.EnumerateArray()
                    .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var em) ? em.GetString() : e.ToString())
                    .Where(s => !string.IsNullOrEmpty(s));
                message = string.Join("; ", new[] { message }.Concat(details).Where(s => !string.IsNullOrEmpty(s)));
            }

            return $"HTTP {Status}: {message}";
        }
    }
}
