using Sluice.Engine.Deployments;
using Sluice.Engine.Dispatch;
using Sluice.Engine.State;
using Sluice.Engine.Storage;
using Sluice.Server.Api;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;
using Sluice.Server.Reporting;
using Sluice.Server.Schedules;

namespace Sluice.Server.Hosting;

/// <summary>
/// The server's stores, all on one SQLite file in the data directory (<c>sluice.db</c>, the same layout as a
/// repository's state directory) sharing one write gate. The SQLite classes are the only ones that know it is SQLite;
/// everything else sees the interfaces, so a PostgreSQL set can replace them.
/// </summary>
internal sealed class ServerStorage : IAsyncDisposable
{
    private readonly SqliteInbox inbox;

    private ServerStorage(StateDirectory state, SqliteRunStore runs, TimeProvider time)
    {
        State = state;
        Runs = runs;
        inbox = new SqliteInbox(runs.Database);
        Queue = new SqliteRunQueue(runs.Database);
        Schedules = new SqliteScheduleStore(runs.Database);
        ApiTokens = new SqliteApiTokenStore(runs.Database);
        Comments = new SqliteCommentLinks(runs.Database);
        Deployments = new SqliteDeploymentStore(runs.Database);
        Jobs = new SqliteJobQueue(runs.Database, time);
    }

    public StateDirectory State { get; }

    public IRunStore Runs { get; }

    public IInbox Inbox => inbox;

    public IRunQueue Queue { get; }

    public IScheduleStore Schedules { get; }

    public IApiTokenStore ApiTokens { get; }

    public ICommentLinks Comments { get; }

    /// <summary>Deployment history, approvals and locks (the tables of migration 3), shared with <c>sluice deploy</c>.</summary>
    public IDeploymentStore Deployments { get; }

    /// <summary>The durable job queue of agent mode (migration 4, on the same file and write gate).</summary>
    public IJobQueue Jobs { get; }

    public static async Task<ServerStorage> OpenAsync(string dataDirectory, TimeProvider time, CancellationToken cancellationToken)
    {
        var state = new StateDirectory(dataDirectory, StateDirectorySource.Flag).EnsureCreated();
        var runs = state.OpenRunStore(time);
        await runs.MigrateAsync(cancellationToken);
        return new ServerStorage(state, runs, time);
    }

    public async ValueTask DisposeAsync()
    {
        await inbox.DisposeAsync();
        await Runs.DisposeAsync();
    }
}
