using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Sluice.Server.Auth;

/// <summary>
/// Password hashes as <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (salt and hash in standard base64; a 32-byte hash).
/// The iteration count travels with the hash, so raising <see cref="DefaultIterations"/> later keeps old hashes valid.
/// The same format is produced by the Python one-liner in docs/dashboard.md.
/// </summary>
internal static class PasswordHash
{
    public const string Prefix = "pbkdf2-sha256";

    /// <summary>OWASP's 2023 figure for PBKDF2-HMAC-SHA256.</summary>
    public const int DefaultIterations = 600_000;

    private const int HashBytes = 32;

    public static string Create(string password, int iterations = DefaultIterations)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Join('$', Prefix, iterations.ToString(CultureInfo.InvariantCulture), Convert.ToBase64String(salt), Convert.ToBase64String(hash));
    }

    /// <summary>Whether the text has the shape of a hash this class can verify (checked when the users file is read).</summary>
    public static bool IsWellFormed(string encoded) => Parse(encoded) is not null;

    /// <summary>Constant-time check of a password against an encoded hash; false for a malformed hash.</summary>
    public static bool Verify(string password, string encoded)
    {
        if (Parse(encoded) is not var (iterations, salt, expected))
        {
            return false;
        }

        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    private static (int Iterations, byte[] Salt, byte[] Hash)? Parse(string encoded)
    {
        var parts = encoded.Split('$');
        if (parts.Length != 4 || parts[0] != Prefix
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
        {
            return null;
        }

        try
        {
            var salt = Convert.FromBase64String(parts[2]);
            var hash = Convert.FromBase64String(parts[3]);
            return salt.Length >= 8 && hash.Length >= 16 ? (iterations, salt, hash) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
