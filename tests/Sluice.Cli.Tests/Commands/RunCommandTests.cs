using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private const string Pipeline = """
        on: { push: { branches: [main] } }
        jobs:
          build:
            run: |
              echo "compiled"
              echo "version=2.0" >> "$SLUICE_OUTPUT"
          test:
            needs: [build]
            run: echo "testing ${{ needs.build.outputs.version }}"
        """;

    private readonly RunFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task Run_NoEvent_SimulatesAPushOfTheCurrentBranchAndPrintsPrefixedLines()
    {
        fixture.WritePipeline(Pipeline);

        var (exit, output, _) = await fixture.InvokeAsync("run");

        exit.ShouldBe(0);
        output.ShouldContain("[build] compiled");
        output.ShouldContain("[test] testing 2.0");
        output.ShouldContain("succeeded");
        var (_, runs, _) = await fixture.InvokeRawAsync("runs", "--json");
        using var json = JsonDocument.Parse(runs);
        var run = json.RootElement[0];
        run.GetProperty("branch").GetString().ShouldBe("main");
        run.GetProperty("sha").GetString().ShouldBe(fixture.Git("rev-parse", "HEAD").Trim());
    }

    [Fact]
    public async Task Run_FailingJob_ExitsOne()
    {
        fixture.WritePipeline("on: { push: { branches: [main] } }\njobs:\n  bad:\n    run: exit 7\n");

        var (exit, output, _) = await fixture.InvokeAsync("run");

        exit.ShouldBe(1);
        output.ShouldContain("step `bad` failed (exit code 7)");
    }

    [Fact]
    public async Task Run_InvalidPipeline_PrintsDiagnosticsAndExitsTwo()
    {
        fixture.WritePipeline("on: { push: { branches: [main] } }\njobs:\n  a:\n    needs: [missing]\n    run: echo\n");

        var (exit, _, error) = await fixture.InvokeAsync("run");

        exit.ShouldBe(2);
        error.ShouldContain("SL1101");
    }

    [Fact]
    public async Task Run_Json_EmitsOneEventPerLine()
    {
        fixture.WritePipeline(Pipeline);

        var (exit, output, _) = await fixture.InvokeAsync("run", "--json");

        exit.ShouldBe(0);
        var types = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()).ToList();
        types.First().ShouldBe("run_started");
        types.Last().ShouldBe("run_finished");
        types.ShouldContain("job_started");
        types.ShouldContain("log");
        types.Count(t => t == "job_finished").ShouldBe(2);
    }

    [Fact]
    public async Task Run_JobOption_RunsOnlyThatJobAndItsNeeds()
    {
        fixture.WritePipeline(Pipeline + "\n  docs:\n    run: echo docs\n");

        var (exit, output, _) = await fixture.InvokeAsync("run", "--job", "test");

        exit.ShouldBe(0);
        output.ShouldContain("[test] testing 2.0");
        output.ShouldNotContain("[docs]");
    }

    [Fact]
    public async Task Run_NamedPipeline_RunsWhateverItsTriggers()
    {
        fixture.WritePipeline("on: { tag: [v*] }\njobs:\n  release:\n    run: echo releasing\n", "release-it.yml");

        var (unnamedExit, unnamed, _) = await fixture.InvokeAsync("run");
        var (exit, output, _) = await fixture.InvokeAsync("run", "release-it");

        unnamedExit.ShouldBe(0);
        unnamed.ShouldContain("no pipeline matches");
        exit.ShouldBe(0);
        output.ShouldContain("[release] releasing");
    }

    [Fact]
    public async Task Run_SecretsFromFlagAndFile_AreMaskedAndOnlyGivenToDeclaringJobs()
    {
        fixture.WritePipeline("""
            on: { push: { branches: [main] } }
            jobs:
              deploy:
                secrets: [API_KEY, DB_PASS]
                run: echo "key=$API_KEY db=$DB_PASS"
              other:
                run: echo "other=${API_KEY:-none}"
            """);
        var envFile = Path.Combine(fixture.Root, "secrets.env");
        File.WriteAllText(envFile, "DB_PASS=\"db-pass-6789\"\n");

        var (exit, output, _) = await fixture.InvokeAsync("run", "--secret", "API_KEY=key-12345", "--secrets-file", envFile);

        exit.ShouldBe(0);
        output.ShouldContain("[deploy] key=*** db=***");
        output.ShouldContain("[other] other=none");
        output.ShouldNotContain("key-12345");
        output.ShouldNotContain("db-pass-6789");
    }

    [Fact]
    public async Task Run_Isolated_RunsOnACleanCheckoutAndRemovesIt()
    {
        fixture.WritePipeline("""
            on: { push: { branches: [main] } }
            jobs:
              look:
                run: |
                  test -f committed.txt && echo "committed present"
                  test -f dirty.txt || echo "dirty absent"
                  pwd
            """, commit: false);
        File.WriteAllText(Path.Combine(fixture.Repo, "committed.txt"), "x");
        fixture.Git("add", "-A");
        fixture.Git("commit", "-q", "-m", "files");
        File.WriteAllText(Path.Combine(fixture.Repo, "dirty.txt"), "uncommitted");

        var (exit, output, _) = await fixture.InvokeAsync("run", "--isolated");

        exit.ShouldBe(0);
        output.ShouldContain("[look] committed present");
        output.ShouldContain("[look] dirty absent");
        output.ShouldNotContain("[look] " + fixture.Repo + "\n");
        fixture.Git("worktree", "list").Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Run_IsolatedFailingRun_StillRemovesTheCheckout()
    {
        fixture.WritePipeline("on: { push: { branches: [main] } }\njobs:\n  bad:\n    run: exit 1\n");

        var (exit, _, _) = await fixture.InvokeAsync("run", "--isolated");

        exit.ShouldBe(1);
        fixture.Git("worktree", "list").Trim().Split('\n').Length.ShouldBe(1);
    }

    [Fact]
    public async Task Rerun_Failed_RunsFailedJobsAgainReusingTheOthers()
    {
        fixture.WritePipeline("""
            on: { push: { branches: [main] } }
            jobs:
              build:
                run: |
                  echo run >> build-count.txt
                  echo "version=3.1" >> "$SLUICE_OUTPUT"
              test:
                needs: [build]
                run: |
                  test -f fixed.txt
                  echo "tested ${{ needs.build.outputs.version }}"
            """);
        (await fixture.InvokeAsync("run")).Exit.ShouldBe(1);
        File.WriteAllText(Path.Combine(fixture.Repo, "fixed.txt"), "");

        var (exit, output, _) = await fixture.InvokeAsync("rerun", "--failed");

        exit.ShouldBe(0);
        output.ShouldContain("[build] ↺ reused from run #1");
        output.ShouldContain("[test] tested 3.1");
        File.ReadAllLines(Path.Combine(fixture.Repo, "build-count.txt")).Length.ShouldBe(1);
        var (_, show, _) = await fixture.InvokeRawAsync("runs", "--json");
        JsonDocument.Parse(show).RootElement[0].GetProperty("parent_run_id").GetInt64().ShouldBe(1);
    }
}
