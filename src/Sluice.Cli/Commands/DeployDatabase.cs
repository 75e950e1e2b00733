using System.CommandLine;
using Sluice.Engine.Deployments;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Config;

namespace Sluice.Cli.Commands;

/// <summary>
/// Where <c>sluice deploy</c> and <c>sluice approve</c> find the deployment history: the database <c>sluice serve</c>
/// would use, in the server's order — <c>--database</c>, else <c>SLUICE_DATABASE</c>, else the <c>database:</c> of the
/// server configuration <c>--config</c>, else <c>sluice.db</c> in the state directory. On PostgreSQL it is the history
/// the servers share, so a lock, an approval or a stop from the command line reaches every server at once.
/// </summary>
internal sealed class DeployDatabase
{
    public Option<string?> Database { get; } = new("--database")
    {
        Description = "The deployment history's database, as for `sluice serve`: postgres://… or Host=… (the servers' shared one) or a SQLite path; "
            + "default $SLUICE_DATABASE, else the database: of --config, else sluice.db in the state directory",
        HelpName = "url",
    };

    public Option<string?> Config { get; } = new("--config", "-c") { Description = "A server configuration file (sluice.yml): use its database", HelpName = "file" };

    public void AddTo(Command command)
    {
        command.Options.Add(Database);
        command.Options.Add(Config);
    }

    /// <summary>The chosen database; null for the state directory's own <c>sluice.db</c>. A problem is a usage error.</summary>
    public (RunStoreLocation? Location, string? Problem) Resolve(ParseResult result)
    {
        var cwd = Directory.GetCurrentDirectory();
        if (result.GetValue(Database) is { Length: > 0 } flag)
        {
            var parsed = RunStoreFactory.Parse(flag, cwd);
            return (parsed.Location, parsed.Error is null ? null : "--database: " + parsed.Error);
        }

        if (Environment.GetEnvironmentVariable(RunStoreFactory.EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            var parsed = RunStoreFactory.Parse(fromEnvironment, cwd);
            return (parsed.Location, parsed.Error is null ? null : RunStoreFactory.EnvironmentVariable + ": " + parsed.Error);
        }

        if (result.GetValue(Config) is { } file)
        {
            var loaded = ConfigLoader.Load(file, Environment.GetEnvironmentVariable, cwd);
            return loaded.Ok ? (loaded.Config!.Database, null) : (null, $"{file}: {string.Join("; ", loaded.Errors)}");
        }

        return (null, null);
    }

    /// <summary>
    /// Opens (and migrates) the run history and the deployment store at <paramref name="location"/>, or in
    /// <paramref name="state"/> when null; null when that SQLite file does not exist and <paramref name="create"/> is false
    /// (reading creates no state).
    /// </summary>
    public static async Task<DeploymentStores?> OpenAsync(RunStoreLocation? location, StateDirectory state, bool create, TimeProvider time, CancellationToken ct)
    {
        if (location is { Kind: RunStoreKind.Postgres })
        {
            var postgres = new PostgresRunStore(location.Target, time);
            return await MigratedAsync(postgres, new PostgresDeploymentStore(postgres.Database), location.Display, ct);
        }

        var path = location?.Target ?? state.DatabasePath;
        if (!File.Exists(path) && !create)
        {
            return null;
        }

        if (location is null)
        {
            state.EnsureCreated();
        }

        return await MigratedAsync(new SqliteRunStore(path, time), new SqliteDeploymentStore(path), path, ct);
    }

    private static async Task<DeploymentStores> MigratedAsync(IRunStore runs, IDeploymentStore deployments, string where, CancellationToken ct)
    {
        var stores = new DeploymentStores(runs, deployments, where);
        try
        {
            await runs.MigrateAsync(ct);
            return stores;
        }
        catch
        {
            await stores.DisposeAsync();
            throw;
        }
    }
}
