using Npgsql;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Tests.Storage.Postgres;

/// <summary>URLs and key=value strings become Npgsql connection strings; needs no cluster.</summary>
public sealed class PostgresConnectionStringTests
{
    [Fact]
    public void TryParse_FullUrl_MapsEveryPart()
    {
        var builder = Parse("postgres://sluice:p%40ss%3Aword@db.example:6543/sluice%20history?sslmode=verify-full&application_name=ci&connect_timeout=7");

        (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password).ShouldBe(("db.example", 6543, "sluice history", "sluice", "p@ss:word"));
        (builder.SslMode, builder.ApplicationName, builder.Timeout).ShouldBe((SslMode.VerifyFull, "ci", 7));
    }

    [Fact]
    public void TryParse_PostgresqlSchemeWithoutUserOrPort_KeepsNpgsqlDefaults()
    {
        var builder = Parse("postgresql://127.0.0.1/sluice");

        (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password).ShouldBe(("127.0.0.1", 5432, "sluice", null, null));
    }

    [Fact]
    public void TryParse_NoHost_MeansLocalhost()
    {
        Parse("postgres:///sluice").Host.ShouldBe("localhost");
    }

    [Fact]
    public void TryParse_SeveralHostsAndIpv6_BecomeOneHostList()
    {
        Parse("postgres://u@a:5433,b,[::1]:5434/db?target_session_attrs=primary").Host.ShouldBe("a:5433,b,[::1]:5434");
        Parse("postgres://u@[::1]:5434/db").ShouldSatisfyAllConditions(b => b.Host.ShouldBe("::1"), b => b.Port.ShouldBe(5434));
    }

    [Fact]
    public void TryParse_SocketDirectoryAsHost_IsDecoded()
    {
        Parse("postgres://%2Fvar%2Frun%2Fpostgresql/sluice").Host.ShouldBe("/var/run/postgresql");
    }

    [Fact]
    public void TryParse_NpgsqlKeywordInUrl_IsAccepted()
    {
        Parse("postgres://h/db?Maximum%20Pool%20Size=7").MaxPoolSize.ShouldBe(7);
    }

    [Fact]
    public void TryParse_KeyValueString_IsKeptAsIs()
    {
        var builder = Parse("Host=db;Port=5433;Database=sluice;Username=ci;Password=secret");

        (builder.Host, builder.Port, builder.Database, builder.Username, builder.Password).ShouldBe(("db", 5433, "sluice", "ci", "secret"));
    }

    [Theory]
    [InlineData("postgres://h:notaport/db", "port")]
    [InlineData("postgres://h:70000/db", "port")]
    [InlineData("postgres://h/db?sslmode=sometimes", "sslmode")]
    [InlineData("postgres://h/db?nonsense=1", "nonsense")]
    [InlineData("postgres://h/db?flag", "no value")]
    [InlineData("Host=db;Frobnicate=yes", "frobnicate")]
    public void TryParse_Malformed_ReturnsAnErrorNamingTheProblem(string value, string mentioned)
    {
        PostgresConnectionString.TryParse(value, out _, out var error).ShouldBeFalse();

        error.ShouldContain(mentioned, Case.Insensitive);
    }

    [Theory]
    [InlineData("postgres://x", true)]
    [InlineData("POSTGRESQL://x", true)]
    [InlineData("Host=db;Database=x", true)]
    [InlineData("Database=x; server = db", true)]
    [InlineData("/var/lib/sluice/sluice.db", false)]
    [InlineData("hosts.db", false)]
    [InlineData("mysql://x", false)]
    public void Recognizes_UrlsAndHostKeyValueStringsOnly(string value, bool expected)
    {
        PostgresConnectionString.Recognizes(value).ShouldBe(expected);
    }

    [Fact]
    public void Redact_RemovesThePasswordOnly()
    {
        PostgresConnectionString.TryParse("postgres://ci:secret@db/sluice", out var connectionString, out _).ShouldBeTrue();

        var redacted = PostgresConnectionString.Redact(connectionString);

        redacted.ShouldNotContain("secret");
        redacted.ShouldContain("Host=db");
        redacted.ShouldContain("Username=ci");
    }

    private static NpgsqlConnectionStringBuilder Parse(string value)
    {
        PostgresConnectionString.TryParse(value, out var connectionString, out var error).ShouldBeTrue(error);
        return new NpgsqlConnectionStringBuilder(connectionString);
    }
}
