using Microsoft.Data.Sqlite;
using Sluice.Engine.Dispatch;
using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Storage;

namespace Sluice.Engine.Tests.Dispatch;

/// <summary>
/// The contract on a real SQLite file. "Another instance" is a queue on its own <see cref="SqliteDatabase"/> (its own
/// connections and write gate), so claimers and sweepers meet only at SQLite's file lock, as separate processes would.
/// </summary>
public sealed class SqliteJobQueueTests : JobQueueContract
{
    private readonly TempDirectory temp = new();

    private string DbPath => Path.Combine(temp.Path, "sluice.db");

    private protected override Task<(IRunStore Store, IJobQueue Queue)> CreateAsync()
    {
        var store = new SqliteRunStore(DbPath, TimeProvider.System);
        return Task.FromResult<(IRunStore, IJobQueue)>((store, new SqliteJobQueue(store.Database, TimeProvider.System)));
    }

    private protected override Task<IJobQueue> OpenAnotherAsync() =>
        Task.FromResult<IJobQueue>(new SqliteJobQueue(DbPath, TimeProvider.System));

    protected override async Task BreakHistoryWritesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "CREATE TRIGGER break_jobs BEFORE UPDATE ON jobs BEGIN SELECT RAISE(ABORT, 'history is broken'); END";
        await command.ExecuteNonQueryAsync();
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Claim_NothingFitsTheLabels_NeedsNoWriteLockAndWakesNobody()
    {
        await Queue.EnqueueAsync(Ticket(labels: ["gpu"]), T0, Ct);
        await using var writer = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        await writer.OpenAsync();
        await using (var lockIt = writer.CreateCommand())
        {
            // Another process holding SQLite's write lock: a claim that took a write transaction would wait for it.
            lockIt.CommandText = "BEGIN IMMEDIATE";
            await lockIt.ExecuteNonQueryAsync();
        }

        var woken = Queue.WaitAsync(TimeSpan.FromSeconds(5), Ct);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var claimed = await Queue.ClaimAsync("cpu-only", ["linux"], Lease, T0, Ct);

        claimed.ShouldBeNull();
        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2), "the empty claim waited for the write lock");
        (await Task.WhenAny(woken, Task.Delay(300))).ShouldNotBe(woken, "an empty claim woke the waiting claims");
    }

    [Fact]
    public async Task Migrate_AddsTheJobsMigrationAsVersionFour()
    {
        await using var store = new SqliteRunStore(DbPath, TimeProvider.System);

        var applied = await store.GetAppliedMigrationsAsync(Ct);

        applied.ShouldContain(m => m.Version == 4 && m.Name == "jobs");
    }
}
