using Sluice.Engine.Deployments;
using Sluice.Engine.Dispatch;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Sluice.Engine.Storage.Postgres;
using Sluice.Server.Api;
using Sluice.Server.Config;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;
using Sluice.Server.Reporting;
using Sluice.Server.Schedules;

namespace Sluice.Server.Hosting;

/// <summary>
/// The server's stores, all on one database: by default one SQLite file in the data directory (<c>sluice.db</c>, the
/// same layout as a repository's state directory) sharing one write gate; with <see cref="ServerConfig.Database"/> a
/// PostgreSQL database (or another SQLite file), which several servers may share. The SQLite and PostgreSQL classes
/// are the only ones that know the database; everything else sees the interfaces. Blobs (artifacts, caches) are files
/// under <see cref="State"/>: the data directory, or <see cref="ServerConfig.SharedDir"/>.
/// </summary>
internal sealed class ServerStorage : IAsyncDisposable
{
    private readonly Func<ValueTask> dispose;

    private ServerStorage(StateDirectory state, SqliteRunStore runs, TimeProvider time)
    {
        State = state;
        Runs = runs;
        Kind = RunStoreKind.Sqlite;
        var inbox = new SqliteInbox(runs.Database);
        Inbox = inbox;
        Queue = new SqliteRunQueue(runs.Database);
        Schedules = new SqliteScheduleStore(runs.Database);
        ApiTokens = new SqliteApiTokenStore(runs.Database);
        Comments = new SqliteCommentLinks(runs.Database);
        Deployments = new SqliteDeploymentStore(runs.Database);
        Leases = new SqliteServerLeases(runs.Database);
        var jobs = new SqliteJobQueue(runs.Database, time);
        Jobs = jobs;
        dispose = async () =>
        {
            await jobs.DisposeAsync();
            await inbox.DisposeAsync();
            await runs.DisposeAsync();
        };
    }

    private ServerStorage(StateDirectory state, PostgresRunStore runs, string connectionString, TimeProvider time)
    {
        State = state;
        Runs = runs;
        Kind = RunStoreKind.Postgres;
        Postgres = runs.Database;
        Inbox = new PostgresInbox(runs.Database);
        Queue = new PostgresRunQueue(runs.Database);
        Schedules = new PostgresScheduleStore(runs.Database);
        ApiTokens = new PostgresApiTokenStore(runs.Database);
        Comments = new PostgresCommentLinks(runs.Database);
        Deployments = new PostgresDeploymentStore(runs.Database);
        Leases = new PostgresServerLeases(runs.Database);
        var jobs = new PostgresJobQueue(connectionString, time);
        Jobs = jobs;
        dispose = async () =>
        {
            await jobs.DisposeAsync();
            await runs.DisposeAsync();
        };
    }

    public StateDirectory State { get; }

    public RunStoreKind Kind { get; }

    /// <summary>The PostgreSQL connections when <see cref="Kind"/> is PostgreSQL (for LISTEN/NOTIFY), else null.</summary>
    public PostgresDatabase? Postgres { get; }

    public IRunStore Runs { get; }

    public IInbox Inbox { get; }

    public IRunQueue Queue { get; }

    public IScheduleStore Schedules { get; }

    public IApiTokenStore ApiTokens { get; }

    public ICommentLinks Comments { get; }

    /// <summary>Deployment history, approvals and locks (the tables of migration 3), shared with <c>sluice deploy</c>.</summary>
    public IDeploymentStore Deployments { get; }

    /// <summary>The durable job queue of agent mode (migration 4, on the same database).</summary>
    public IJobQueue Jobs { get; }

    /// <summary>Heartbeat leases of the servers on this database (migration 5).</summary>
    public IServerLeases Leases { get; }

    /// <summary>SQLite in the data directory.</summary>
    public static Task<ServerStorage> OpenAsync(string dataDirectory, TimeProvider time, CancellationToken cancellationToken) =>
        OpenAsync(dataDirectory, null, null, time, cancellationToken);

    /// <summary>The database of <paramref name="config"/> (<see cref="ServerConfig.Database"/>, else SQLite in the data directory), migrated.</summary>
    public static Task<ServerStorage> OpenAsync(ServerConfig config, TimeProvider time, CancellationToken cancellationToken) =>
        OpenAsync(config.DataDir, config.SharedDir, config.Database, time, cancellationToken);

    private static async Task<ServerStorage> OpenAsync(string dataDirectory, string? sharedDirectory, RunStoreLocation? database, TimeProvider time, CancellationToken cancellationToken)
    {
        var data = new StateDirectory(dataDirectory, StateDirectorySource.Flag).EnsureCreated();
        var state = sharedDirectory is null ? data : new StateDirectory(sharedDirectory, StateDirectorySource.Flag).EnsureCreated();
        if (database is { Kind: RunStoreKind.Postgres })
        {
            var postgres = new PostgresRunStore(database.Target, time);
            await MigrateAsync(postgres, cancellationToken);
            return new ServerStorage(state, postgres, database.Target, time);
        }

        var sqlite = new SqliteRunStore(database?.Target ?? data.DatabasePath, time);
        await MigrateAsync(sqlite, cancellationToken);
        return new ServerStorage(state, sqlite, time);
    }

    private static async Task MigrateAsync(IRunStore store, CancellationToken cancellationToken)
    {
        try
        {
            await store.MigrateAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => dispose();
}
