using Microsoft.Extensions.Logging.Abstractions;
using Sluice.Engine.Storage;
using Sluice.Server.Config;
using Sluice.Server.Hosting;
using Sluice.Server.Inbox;
using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Hosting;

/// <summary>LISTEN/NOTIFY: a delivery stored or a run queued through one server wakes another at once (only the notification releases the signals here).</summary>
public sealed class PostgresWakeUpsTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory temp = new();
    private PostgresTestDatabase database = null!;

    public async Task InitializeAsync() => database = await PostgresTestDatabase.CreateAsync();

    public async Task DisposeAsync()
    {
        await database.DisposeAsync();
        temp.Dispose();
    }

    private Task<ServerStorage> OpenAsync(string name) => ServerStorage.OpenAsync(
        new ServerConfig("http://127.0.0.1:0", Path.Combine(temp.Path, name), null, "http://127.0.0.1:1", 1, 1, false, new Dictionary<string, string>(), [], TimeSpan.FromSeconds(1))
        {
            Database = new RunStoreLocation(RunStoreKind.Postgres, database.ConnectionString, database.Name),
        }, TimeProvider.System, Ct);

    [Fact]
    public async Task EnqueueAndDeliveryOnOneServer_WakeTheOthersSignals()
    {
        await using var listening = await OpenAsync("listening");
        await using var writing = await OpenAsync("writing");
        var (inbox, queue) = (new InboxSignal(), new QueueSignal());
        using var wakeUps = new PostgresWakeUps(listening, inbox, queue, TimeProvider.System, NullLogger<PostgresWakeUps>.Instance);
        await wakeUps.StartAsync(Ct);

        // Once listening it looks once (anything committed before LISTEN was not notified).
        (await queue.WaitAsync(TimeSpan.FromSeconds(10), Ct)).ShouldBeTrue();
        (await inbox.WaitAsync(TimeSpan.FromSeconds(1), Ct)).ShouldBeTrue();
        var quiet = await queue.WaitAsync(TimeSpan.FromMilliseconds(300), Ct);
        await writing.Queue.EnqueueAsync([new QueueRequest("octo/repo", "ci", QueueKind.Pipeline, "{}")], DateTimeOffset.UnixEpoch, Ct);
        var queueWoken = await queue.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var inboxQuiet = await inbox.WaitAsync(TimeSpan.FromMilliseconds(300), Ct);
        await writing.Inbox.AddAsync(new NewDelivery("d1", "push", "octo/repo", "{}", DateTimeOffset.UnixEpoch), Ct);
        var inboxWoken = await inbox.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        await wakeUps.StopAsync(Ct);

        (quiet, queueWoken, inboxQuiet, inboxWoken).ShouldBe((false, true, false, true));
    }
}
