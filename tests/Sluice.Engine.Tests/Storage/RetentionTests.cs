using Sluice.Engine.Storage;

namespace Sluice.Engine.Tests.Storage;

public sealed class RetentionTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory temp = new();
    private readonly FixedTimeProvider clock = new(Now);
    private SqliteRunStore store = null!;
    private BlobStore blobs = null!;

    public async Task InitializeAsync()
    {
        store = new SqliteRunStore(Path.Combine(temp.Path, "sluice.db"), clock);
        await store.MigrateAsync(CancellationToken.None);
        blobs = new BlobStore(Path.Combine(temp.Path, "blobs"), Path.Combine(temp.Path, "tmp"));
    }

    public async Task DisposeAsync()
    {
        await store.DisposeAsync();
        temp.Dispose();
    }

    [Fact]
    public async Task Apply_DeletesRunsOlderThanMaxAgeBeyondKeepLast_AndTheirUnreferencedBlobs()
    {
        var oldBlob = await blobs.PutAsync(new MemoryStream([1]), CancellationToken.None);
        var sharedBlob = await blobs.PutAsync(new MemoryStream([2]), CancellationToken.None);
        var old = await FinishedRunAsync(Now.AddDays(-40), (oldBlob.Sha256, "a"), (sharedBlob.Sha256, "b"));
        var older = await FinishedRunAsync(Now.AddDays(-50));
        var recent = await FinishedRunAsync(Now.AddDays(-1), (sharedBlob.Sha256, "b"));

        var result = await new Retention(store, blobs, clock).ApplyAsync(new RetentionPolicy(TimeSpan.FromDays(30), 1), CancellationToken.None);

        result.RunsDeleted.ShouldBe(2);
        result.UnreferencedBlobs.ShouldBe([oldBlob.Sha256]);
        (await store.ListRunsAsync(new RunQuery(), CancellationToken.None)).Select(r => r.Id).ShouldBe([recent]);
        blobs.Exists(oldBlob.Sha256).ShouldBeFalse();
        blobs.Exists(sharedBlob.Sha256).ShouldBeTrue();
        (await store.GetRunAsync(old, CancellationToken.None)).ShouldBeNull();
        (await store.GetRunAsync(older, CancellationToken.None)).ShouldBeNull();
    }

    [Fact]
    public async Task Apply_DefaultPolicy_KeepsTheNewestHundredEvenWhenOld()
    {
        for (var i = 0; i < 102; i++)
        {
            await FinishedRunAsync(Now.AddDays(-60).AddMinutes(i));
        }

        var result = await new Retention(store, blobs, clock).ApplyAsync(CancellationToken.None);

        result.RunsDeleted.ShouldBe(2);
        (await store.ListRunsAsync(new RunQuery(Limit: 1000), CancellationToken.None)).Count.ShouldBe(100);
    }

    [Fact]
    public async Task Plan_ListsExactlyWhatApplyDeletes_WithoutDeleting()
    {
        var oldest = await FinishedRunAsync(Now.AddDays(-40));
        var unfinished = await store.CreateRunAsync(Run(Now.AddDays(-45)), [], CancellationToken.None);
        var doomed = await FinishedRunAsync(Now.AddDays(-35));
        await FinishedRunAsync(Now.AddDays(-2));
        var policy = new RetentionPolicy(TimeSpan.FromDays(30), 1);
        var retention = new Retention(store, blobs, clock);

        var plan = await retention.PlanAsync(policy, CancellationToken.None);
        var countBefore = (await store.ListRunsAsync(new RunQuery(), CancellationToken.None)).Count;
        var applied = await retention.ApplyAsync(policy, CancellationToken.None);

        plan.Select(r => r.Id).ShouldBe([doomed, oldest]);
        countBefore.ShouldBe(4);
        applied.RunsDeleted.ShouldBe(2);
        (await store.ListRunsAsync(new RunQuery(), CancellationToken.None)).Select(r => r.Id).ShouldContain(unfinished);
    }

    private static NewRun Run(DateTimeOffset createdAt) =>
        new("/repo", "ci", "CI", ".sluice/ci.yml", "push", "{}", "main", null, null, "host:1:1", createdAt);

    private async Task<long> FinishedRunAsync(DateTimeOffset createdAt, params (string Sha, string Path)[] artifacts)
    {
        var id = await store.CreateRunAsync(Run(createdAt), [new NewJob("build", "build", "Build", "[]", "{}")], CancellationToken.None);
        await store.SetRunStateAsync(id, RunState.Succeeded, createdAt.AddMinutes(1), CancellationToken.None);
        foreach (var (sha, path) in artifacts)
        {
            await store.AddArtifactAsync(new ArtifactRecord(id, "build", path, sha, 1), CancellationToken.None);
        }

        return id;
    }
}
