using Microsoft.Data.Sqlite;
using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

/// <summary>The connections <see cref="SqliteDatabase"/> keeps open for reuse: reused, never after a failure, all closed on dispose.</summary>
public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Calls_InSequence_ReuseOneConnectionWithItsPragmas()
    {
        await using var database = new SqliteDatabase(Path.Combine(temp.Path, "db.sqlite"));

        var first = await database.ReadAsync((c, _) => Task.FromResult(c), CancellationToken.None);
        var second = await database.WriteAsync((c, _, _) => Task.FromResult(c), CancellationToken.None);
        var pragmas = await database.ReadAsync(async (c, ct) =>
            (await SqliteCommands.ScalarInt64Async(c, null, "PRAGMA busy_timeout", ct), await SqliteCommands.ScalarInt64Async(c, null, "PRAGMA synchronous", ct)), CancellationToken.None);

        second.ShouldBeSameAs(first);
        pragmas.ShouldBe((10_000L, 1L)); // synchronous = NORMAL
    }

    [Fact]
    public async Task AConnectionWhoseCallThrew_IsNotReused()
    {
        await using var database = new SqliteDatabase(Path.Combine(temp.Path, "db.sqlite"));
        SqliteConnection? broken = null;

        await Should.ThrowAsync<InvalidOperationException>(() => database.ReadAsync<int>((c, _) =>
        {
            broken = c;
            throw new InvalidOperationException("the call failed");
        }, CancellationToken.None));
        var next = await database.ReadAsync((c, _) => Task.FromResult(c), CancellationToken.None);

        next.ShouldNotBeSameAs(broken);
        broken!.State.ShouldBe(System.Data.ConnectionState.Closed);
    }

    [Fact]
    public async Task Dispose_ClosesEveryKeptConnection()
    {
        var path = Path.Combine(temp.Path, "db.sqlite");
        var database = new SqliteDatabase(path);
        var kept = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => database.ReadAsync(async (c, ct) =>
        {
            await Task.Delay(50, ct); // overlap, so several connections are open at once
            return c;
        }, CancellationToken.None)));

        await database.DisposeAsync();

        kept.Distinct().Count().ShouldBeGreaterThan(1);
        kept.ShouldAllBe(c => c.State == System.Data.ConnectionState.Closed);
        OpenDescriptorsOf(path).ShouldBe(0);
    }

    public void Dispose() => temp.Dispose();

    /// <summary>This process's open file descriptors on <paramref name="path"/> (Linux /proc).</summary>
    private static int OpenDescriptorsOf(string path) =>
        new DirectoryInfo("/proc/self/fd").GetFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget == path;
            }
            catch (IOException)
            {
                return false;
            }
        });
}
