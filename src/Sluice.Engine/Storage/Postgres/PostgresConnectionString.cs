using System.Text.RegularExpressions;
using Npgsql;

namespace Sluice.Engine.Storage.Postgres;

/// <summary>
/// Reads the two ways to name a PostgreSQL database and turns both into an Npgsql key=value connection string:
/// <list type="bullet">
/// <item>a libpq URL, <c>postgres[ql]://[user[:password]@][host[:port][,host[:port]…]][/database][?param=value&amp;…]</c>,
/// percent-encoded; parameters are libpq's (<c>sslmode</c>, <c>application_name</c>, <c>connect_timeout</c>,
/// <c>target_session_attrs</c>, <c>options</c>, …) or Npgsql keywords (<c>Maximum Pool Size</c>); no host means
/// <c>localhost</c>;</item>
/// <item>an Npgsql string, <c>Host=db;Port=5432;Database=sluice;Username=sluice;Password=…</c>.</item>
/// </list>
/// A malformed value is an expected failure (a typo in a flag), reported as a message, not thrown.
/// </summary>
internal static partial class PostgresConnectionString
{
    private static readonly Dictionary<string, string> LibpqKeywords = new(StringComparer.Ordinal)
    {
        ["host"] = "Host",
        ["hostaddr"] = "Host",
        ["port"] = "Port",
        ["dbname"] = "Database",
        ["user"] = "Username",
        ["password"] = "Password",
        ["passfile"] = "Passfile",
        ["application_name"] = "Application Name",
        ["connect_timeout"] = "Timeout",
        ["options"] = "Options",
        ["sslmode"] = "SSL Mode",
        ["sslcert"] = "SSL Certificate",
        ["sslkey"] = "SSL Key",
        ["sslpassword"] = "SSL Password",
        ["sslrootcert"] = "Root Certificate",
        ["target_session_attrs"] = "Target Session Attributes",
    };

    private static readonly Dictionary<string, string> SslModes = new(StringComparer.Ordinal)
    {
        ["disable"] = "Disable",
        ["allow"] = "Allow",
        ["prefer"] = "Prefer",
        ["require"] = "Require",
        ["verify-ca"] = "VerifyCA",
        ["verify-full"] = "VerifyFull",
    };

    /// <summary>True for a <c>postgres://</c> or <c>postgresql://</c> URL, or a key=value string naming a <c>Host</c> (or <c>Server</c>).</summary>
    public static bool Recognizes(string value) =>
        value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || HostKeyword().IsMatch(value);

    public static bool TryParse(string value, out string connectionString, out string error)
    {
        (connectionString, error) = (string.Empty, string.Empty);
        try
        {
            var builder = value.Contains("://", StringComparison.Ordinal) ? FromUrl(value) : new NpgsqlConnectionStringBuilder(value);
            if (string.IsNullOrEmpty(builder.Host))
            {
                error = "the PostgreSQL connection string names no host";
                return false;
            }

            connectionString = builder.ConnectionString;
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            error = $"invalid PostgreSQL connection string: {e.Message}";
            return false;
        }
    }

    /// <summary>The connection string without its password, for messages and logs.</summary>
    public static string Redact(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.Remove("Password");
        return builder.ConnectionString;
    }

    private static NpgsqlConnectionStringBuilder FromUrl(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        var (scheme, rest) = (url[..separator], url[(separator + 3)..]);
        if (!scheme.Equals("postgres", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("postgresql", StringComparison.OrdinalIgnoreCase))
        {
            throw new FormatException($"`{scheme}://` is not a PostgreSQL URL (use postgres:// or postgresql://)");
        }

        var builder = new NpgsqlConnectionStringBuilder();
        var query = string.Empty;
        if (rest.IndexOf('?', StringComparison.Ordinal) is var q and >= 0)
        {
            (rest, query) = (rest[..q], rest[(q + 1)..]);
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (authority, database) = slash >= 0 ? (rest[..slash], Uri.UnescapeDataString(rest[(slash + 1)..])) : (rest, string.Empty);
        if (database.Length > 0)
        {
            builder.Database = database;
        }

        if (authority.LastIndexOf('@') is var at and >= 0)
        {
            var user = authority[..at];
            authority = authority[(at + 1)..];
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon >= 0 ? user[..colon] : user);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(user[(colon + 1)..]);
            }
        }

        SetHosts(builder, authority);
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"URL parameter `{pair}` has no value (expected name=value)");
            }

            var (name, value) = (Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
            if (name == "sslmode")
            {
                value = SslModes.TryGetValue(value, out var mode) ? mode : throw new FormatException($"unknown sslmode `{value}`");
            }

            builder[LibpqKeywords.GetValueOrDefault(name, name)] = value;
        }

        return builder;
    }

    /// <summary><c>host[:port]</c>, several separated by commas; an IPv6 address in brackets; a host may be a socket directory (<c>%2Frun%2Fpostgresql</c>).</summary>
    private static void SetHosts(NpgsqlConnectionStringBuilder builder, string authority)
    {
        if (authority.Length == 0)
        {
            builder.Host = "localhost";
            return;
        }

        var hosts = new List<(string Host, int? Port)>();
        foreach (var entry in authority.Split(','))
        {
            var end = entry.StartsWith('[') ? entry.IndexOf(']', StringComparison.Ordinal) : -1;
            var colon = entry.IndexOf(':', end < 0 ? 0 : end);
            var host = end > 0 ? entry[1..end] : Uri.UnescapeDataString(colon >= 0 ? entry[..colon] : entry);
            int? port = colon >= 0 ? ParsePort(entry[(colon + 1)..]) : null;
            hosts.Add((host.Length == 0 ? "localhost" : host, port));
        }

        if (hosts.Count == 1)
        {
            builder.Host = hosts[0].Host;
            if (hosts[0].Port is { } port)
            {
                builder.Port = port;
            }

            return;
        }

        builder.Host = string.Join(',', hosts.Select(h => h.Port is { } p ? $"{Bracketed(h.Host)}:{p}" : h.Host));
    }

    private static string Bracketed(string host) => host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host;

    private static int ParsePort(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and < 65536
            ? port
            : throw new FormatException($"`{text}` is not a port number");

    [GeneratedRegex(@"(?:^|;)\s*(?:host|server)\s*=", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostKeyword();
}
