using Sluice.Engine.Storage.Postgres;

namespace Sluice.Engine.Storage;

/// <summary>
/// Chooses and opens the run store. The value comes from <c>--database</c>, else <c>SLUICE_DATABASE</c>, else it is the
/// state directory's <c>sluice.db</c>. Forms:
/// <list type="bullet">
/// <item><c>postgres://…</c>, <c>postgresql://…</c> or an Npgsql string with <c>Host=</c>: PostgreSQL
/// (<see cref="PostgresConnectionString"/>);</item>
/// <item><c>sqlite:PATH</c> (or <c>sqlite:///ABSOLUTE/PATH</c>), or a plain path: SQLite; relative paths are taken from
/// the working directory.</item>
/// </list>
/// Any other <c>scheme://</c> is refused rather than taken for a file name.
/// </summary>
internal static class RunStoreFactory
{
    public const string EnvironmentVariable = "SLUICE_DATABASE";

    private const string SqlitePrefix = "sqlite:";

    /// <summary><paramref name="flag"/> &gt; <see cref="EnvironmentVariable"/> &gt; <paramref name="defaultSqlitePath"/>.</summary>
    public static RunStoreLocationResult Resolve(string? flag, Func<string, string?> getEnvironmentVariable, string defaultSqlitePath, string workingDirectory)
    {
        if (!string.IsNullOrWhiteSpace(flag))
        {
            return Parse(flag, workingDirectory);
        }

        return getEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment
            ? Parse(fromEnvironment, workingDirectory)
            : Sqlite(defaultSqlitePath, workingDirectory);
    }

    public static RunStoreLocationResult Parse(string value, string workingDirectory)
    {
        value = value.Trim();
        if (value.Length == 0)
        {
            return RunStoreLocationResult.Invalid("the database is empty: give a path, sqlite:PATH, postgres://… or Host=…");
        }

        if (PostgresConnectionString.Recognizes(value))
        {
            return PostgresConnectionString.TryParse(value, out var connectionString, out var error)
                ? RunStoreLocationResult.Ok(new RunStoreLocation(RunStoreKind.Postgres, connectionString, PostgresConnectionString.Redact(connectionString)))
                : RunStoreLocationResult.Invalid(error);
        }

        if (value.StartsWith(SqlitePrefix, StringComparison.OrdinalIgnoreCase))
        {
            var path = value[SqlitePrefix.Length..];
            if (path.StartsWith("///", StringComparison.Ordinal))
            {
                path = path[2..];
            }
            else if (path.StartsWith("//", StringComparison.Ordinal))
            {
                return RunStoreLocationResult.Invalid($"`{value}`: write sqlite:PATH or sqlite:///ABSOLUTE/PATH");
            }

            return path.Length == 0 ? RunStoreLocationResult.Invalid("`sqlite:` names no file") : Sqlite(path, workingDirectory);
        }

        if (value.IndexOf("://", StringComparison.Ordinal) is var scheme and > 0)
        {
            return RunStoreLocationResult.Invalid($"unknown database `{value[..scheme]}://`: use a path, sqlite:PATH, postgres://… or Host=…");
        }

        return Sqlite(value, workingDirectory);
    }

    /// <summary>A store at <paramref name="location"/>; the caller migrates and disposes it.</summary>
    public static IRunStore Open(RunStoreLocation location, TimeProvider timeProvider) => location.Kind switch
    {
        RunStoreKind.Sqlite => new SqliteRunStore(location.Target, timeProvider),
        RunStoreKind.Postgres => new PostgresRunStore(location.Target, timeProvider),
        _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown store kind"),
    };

    private static RunStoreLocationResult Sqlite(string path, string workingDirectory)
    {
        var full = Path.GetFullPath(path, workingDirectory);
        return RunStoreLocationResult.Ok(new RunStoreLocation(RunStoreKind.Sqlite, full, full));
    }
}
