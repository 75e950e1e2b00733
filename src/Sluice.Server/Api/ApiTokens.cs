using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace Sluice.Server.Api;

/// <summary>
/// API tokens: configured tokens are stored as SHA-256 at start-up (the database never sees a token); a request's
/// <c>Authorization: Bearer</c> token is hashed and looked up. Hashes found are cached for the process's life.
/// </summary>
internal sealed class ApiTokens(IApiTokenStore store, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> known = new(StringComparer.Ordinal);

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>A new random token (shown once to whoever creates it).</summary>
    public static string Generate() => "slc_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    public async Task StoreAsync(IReadOnlyDictionary<string, string> tokens, CancellationToken cancellationToken)
    {
        foreach (var (name, token) in tokens)
        {
            await store.SetAsync(name, Hash(token), time.GetUtcNow(), cancellationToken);
        }
    }

    /// <summary>The token's name, or null when the request carries no valid token.</summary>
    public async Task<string?> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= 7)
        {
            return null;
        }

        var hash = Hash(header[7..].Trim());
        if (known.TryGetValue(hash, out var name))
        {
            return name;
        }

        name = await store.FindAsync(hash, cancellationToken);
        if (name is not null)
        {
            known[hash] = name;
        }

        return name;
    }
}
