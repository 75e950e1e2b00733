using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Sluice.Server.Auth;

/// <summary>
/// Stateless sign-in sessions: the cookie holds who, which role, how, and until when, signed with HMAC-SHA256 under a
/// random key kept in the data directory (<c>dashboard-session.key</c>, mode 600), so sessions survive restarts and
/// deleting the key signs everyone out. Contract: <see cref="Read"/> returns null for anything not issued by
/// <see cref="Issue"/> with this key, or expired. The anti-forgery token of a session is derived from its cookie.
/// </summary>
internal sealed class SessionCookies(byte[] key, TimeProvider time)
{
    public const string CookieName = "sluice_session";
    public const string KeyFileName = "dashboard-session.key";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public static SessionCookies Open(string dataDirectory, TimeProvider time)
    {
        var path = Path.Combine(dataDirectory, KeyFileName);
        try
        {
            var fresh = RandomNumberGenerator.GetBytes(32);
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var stream = new FileStream(path, options))
            {
                stream.Write(fresh);
                stream.Flush(flushToDisk: true);
            }

            return new SessionCookies(fresh, time);
        }
        catch (IOException) when (File.Exists(path))
        {
            var existing = File.ReadAllBytes(path);
            return existing.Length >= 32 ? new SessionCookies(existing, time) : throw new InvalidDataException($"{path} is shorter than 32 bytes; delete it to create a new key");
        }
    }

    public string Issue(DashboardPrincipal principal)
    {
        var session = new Session(principal.Name, principal.Role, principal.Via, (time.GetUtcNow() + Lifetime).ToUnixTimeSeconds(),
            Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(session));
        return payload + "." + Sign("session:" + payload);
    }

    public DashboardPrincipal? Read(string? cookie)
    {
        var dot = cookie?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (cookie is null || dot <= 0)
        {
            return null;
        }

        var payload = cookie[..dot];
        var expected = Encoding.ASCII.GetBytes(Sign("session:" + payload));
        if (!CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(cookie[(dot + 1)..])))
        {
            return null;
        }

        try
        {
            var session = JsonSerializer.Deserialize<Session>(FromBase64Url(payload));
            return session is not null && session.Expires > time.GetUtcNow().ToUnixTimeSeconds() && Enum.IsDefined(session.Role)
                ? new DashboardPrincipal(session.Name, session.Role, session.Via)
                : null;
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The anti-forgery token forms of this session carry (checked on every POST besides the SameSite cookie).</summary>
    public string AntiForgery(string cookie) => Sign("csrf:" + cookie);

    public bool CheckAntiForgery(string cookie, string? token) =>
        token is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(AntiForgery(cookie)), Encoding.ASCII.GetBytes(token));

    private string Sign(string text) => Base64Url(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(text)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        return Convert.FromBase64String(s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '='));
    }

    private sealed record Session(string Name, DashboardRole Role, string Via, long Expires, string Nonce);
}
