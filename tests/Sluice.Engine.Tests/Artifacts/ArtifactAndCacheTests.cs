using Sluice.Engine.Storage;
using Sluice.Engine.Tests.Runs;

namespace Sluice.Engine.Tests.Artifacts;

public sealed class ArtifactAndCacheTests : IAsyncLifetime
{
    private readonly EngineHarness harness = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => harness.DisposeAsync().AsTask();

    [Fact]
    public async Task Run_ArtifactsOfANeededJob_AreInTheDependentsArtifactsDirectory()
    {
        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                artifacts: [dist/, "reports/*.xml"]
                run: |
                  mkdir -p dist/sub reports
                  echo binary > dist/app.bin
                  echo nested > dist/sub/lib.txt
                  echo '<x/>' > reports/unit.xml
                  echo ignored > reports/notes.txt
              deploy:
                needs: [build]
                run: |
                  rm -rf dist reports
                  cd "$SLUICE_ARTIFACTS"
                  find . -type f | sort
                  cat dist/app.bin
              unrelated:
                run: find "$SLUICE_ARTIFACTS" -type f | wc -l
            """, maxParallel: 1);

        result.State.ShouldBe(RunState.Succeeded);
        harness.Output(result.RunId, "deploy").ShouldBe(["./dist/app.bin", "./dist/sub/lib.txt", "./reports/unit.xml", "binary"]);
        harness.Output(result.RunId, "unrelated").ShouldBe(["0"]);
        var stored = await harness.Store.GetArtifactsAsync(result.RunId, default);
        stored.Select(a => a.Path).ShouldBe(["dist/app.bin", "dist/sub/lib.txt", "reports/unit.xml"]);
        stored.First().Sha256.Length.ShouldBe(64);
        File.Exists(Path.Combine(harness.State, "blobs", stored.First().Sha256[..2], stored.First().Sha256)).ShouldBeTrue();
    }

    [Fact]
    public async Task Run_Cache_IsSavedAfterSuccessAndRestoredByKeyInALaterRun()
    {
        const string Pipeline = """
            on: { push: { branches: [main] } }
            jobs:
              deps:
                cache:
                  key: deps-v1
                  paths: [.deps/]
                run: |
                  if [ -f .deps/lib.txt ]; then echo "restored $(cat .deps/lib.txt)"; else mkdir -p .deps && echo fresh > .deps/lib.txt && echo "downloaded"; fi
            """;

        var first = await harness.RunAsync(Pipeline);
        Directory.Delete(Path.Combine(harness.Workspace, ".deps"), recursive: true);
        var second = await harness.RunAsync(Pipeline);

        harness.Output(first.RunId, "deps").ShouldBe(["downloaded"]);
        harness.Output(second.RunId, "deps").ShouldBe(["restored fresh"]);
    }

    [Fact]
    public async Task Run_CacheRestoreKey_RestoresTheNewestEntryWithThePrefix()
    {
        await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              deps:
                cache: { key: deps-aaa, paths: [.deps/] }
                run: mkdir -p .deps && echo old > .deps/v.txt
            """);
        Directory.Delete(Path.Combine(harness.Workspace, ".deps"), recursive: true);

        var result = await harness.RunAsync("""
            on: { push: { branches: [main] } }
            jobs:
              deps:
                cache: { key: deps-bbb, paths: [.deps/], restore-keys: [deps-] }
                run: cat .deps/v.txt
            """);

        harness.Output(result.RunId, "deps").ShouldBe(["old"]);
    }
}
