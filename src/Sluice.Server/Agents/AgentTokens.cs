using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Agents;

/// <summary>
/// Agent tokens, kept as SHA-256 only (like API tokens; agent tokens never reach the database): a request's bearer token
/// is hashed and looked up. The server's own in-process worker gets a random token added at start-up.
/// </summary>
internal sealed class AgentTokens
{
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public AgentTokens(AgentSettings settings)
    {
        foreach (var (name, token) in settings.Tokens)
        {
            names[Hash(token)] = name;
        }
    }

    /// <summary>Adds a token for <paramref name="name"/> and returns it (the server's own worker).</summary>
    public string Issue(string name)
    {
        var token = "sla_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        lock (gate)
        {
            names[Hash(token)] = name;
        }

        return token;
    }

    /// <summary>The token's name, or null without a valid <c>Authorization: Bearer</c> agent token.</summary>
    public string? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return null;
        }

        lock (gate)
        {
            return names.TryGetValue(Hash(header[7..].Trim()), out var name) ? name : null;
        }
    }

    private static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
