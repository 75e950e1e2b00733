using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Tests.Storage;

/// <summary>Which store <c>--database</c> / <c>SLUICE_DATABASE</c> selects; needs no database.</summary>
public sealed class RunStoreFactoryTests
{
    private const string WorkingDirectory = "/work/repo";
    private const string DefaultPath = "/work/repo/.git/sluice/sluice.db";

    [Theory]
    [InlineData("postgres://ci:pw@db:5433/sluice")]
    [InlineData("postgresql://db/sluice")]
    [InlineData("Host=db;Database=sluice;Password=pw")]
    public void Parse_PostgresForms_SelectPostgresWithAnNpgsqlString(string value)
    {
        var location = Location(RunStoreFactory.Parse(value, WorkingDirectory));

        location.Kind.ShouldBe(RunStoreKind.Postgres);
        location.Target.ShouldContain("Host=db");
        location.Display.ShouldNotContain("pw");
    }

    [Theory]
    [InlineData("history.db", "/work/repo/history.db")]
    [InlineData("/var/lib/sluice/sluice.db", "/var/lib/sluice/sluice.db")]
    [InlineData("sqlite:state/sluice.db", "/work/repo/state/sluice.db")]
    [InlineData("sqlite:///var/lib/sluice.db", "/var/lib/sluice.db")]
    [InlineData("SQLITE:/abs.db", "/abs.db")]
    public void Parse_PathsAndSqlitePrefix_SelectSqliteWithAnAbsolutePath(string value, string expected)
    {
        var location = Location(RunStoreFactory.Parse(value, WorkingDirectory));

        (location.Kind, location.Target).ShouldBe((RunStoreKind.Sqlite, expected));
    }

    [Theory]
    [InlineData("mysql://db/sluice", "mysql")]
    [InlineData("sqlite:", "names no file")]
    [InlineData("sqlite://relative", "sqlite:///")]
    [InlineData("   ", "empty")]
    [InlineData("postgres://db:0/x", "port")]
    public void Parse_Invalid_IsAnErrorValue(string value, string mentioned)
    {
        var result = RunStoreFactory.Parse(value, WorkingDirectory);

        result.Location.ShouldBeNull();
        result.Error.ShouldNotBeNull().ShouldContain(mentioned);
    }

    [Fact]
    public void Resolve_FlagBeatsEnvironmentBeatsDefault()
    {
        string? Env(string name) => name == RunStoreFactory.EnvironmentVariable ? "postgres://env/sluice" : null;

        Location(RunStoreFactory.Resolve("flag.db", Env, DefaultPath, WorkingDirectory)).Target.ShouldBe("/work/repo/flag.db");
        Location(RunStoreFactory.Resolve(null, Env, DefaultPath, WorkingDirectory)).Kind.ShouldBe(RunStoreKind.Postgres);
        Location(RunStoreFactory.Resolve(null, _ => null, DefaultPath, WorkingDirectory)).Target.ShouldBe(DefaultPath);
    }

    [Fact]
    public async Task Open_CreatesTheStoreOfTheChosenKind()
    {
        await using var sqlite = RunStoreFactory.Open(Location(RunStoreFactory.Parse("/tmp/x.db", WorkingDirectory)), TimeProvider.System);
        await using var postgres = RunStoreFactory.Open(Location(RunStoreFactory.Parse("postgres://127.0.0.1/x", WorkingDirectory)), TimeProvider.System);

        sqlite.ShouldBeOfType<SqliteRunStore>().DatabasePath.ShouldBe("/tmp/x.db");
        postgres.ShouldBeOfType<PostgresRunStore>();
    }

    private static RunStoreLocation Location(RunStoreLocationResult result) => result.Location.ShouldNotBeNull(result.Error);
}
