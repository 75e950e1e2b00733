using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

/// <summary><c>sluice deploy history|status|lock|unlock|stop|rollback</c> and <c>sluice approve</c> on real runs in a temporary git repository.</summary>
public sealed class DeployCommandTests : IDisposable
{
    private readonly RunFixture fixture = new();

    private string Deployed => Path.Combine(fixture.Root, "deployed.txt");

    private string Pipeline => $$$"""
        on: push
        jobs:
          build:
            outputs: [version]
            run: echo "version=$(cat VERSION)" >> "$SLUICE_OUTPUT"
          deploy:
            needs: [build]
            environment: staging
            env:
              SLUICE_VERSION: ${{ needs.build.outputs.version }}
            run: echo "$SLUICE_VERSION by $SLUICE_PREVIOUS_VERSION" >> "{{{Deployed}}}"
        """;

    public void Dispose() => fixture.Dispose();

    private async Task CommitAndRunAsync(string version, int expectedExit = 0)
    {
        File.WriteAllText(Path.Combine(fixture.Repo, "VERSION"), version + "\n");
        fixture.WritePipeline(Pipeline);
        var (exit, output, error) = await fixture.InvokeAsync("run");
        exit.ShouldBe(expectedExit, output + error);
    }

    [Fact]
    public async Task History_ListsDeploymentsNewestFirst_AsTextAndJson()
    {
        await CommitAndRunAsync("1.0");
        await CommitAndRunAsync("2.0");

        var (exit, output, _) = await fixture.InvokeRawAsync("deploy", "history", "staging");
        var (jsonExit, json, _) = await fixture.InvokeRawAsync("deploy", "history", "staging", "--json");
        var (_, empty, _) = await fixture.InvokeRawAsync("deploy", "history", "production");

        exit.ShouldBe(0);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("ID  VERSION  STATE");
        lines[1].ShouldStartWith("#2  2.0      succeeded  100%     none      #2 deploy");
        lines[2].ShouldStartWith("#1  1.0      succeeded  100%     none      #1 deploy");
        jsonExit.ShouldBe(0);
        using var doc = JsonDocument.Parse(json);
        doc.RootElement[0].GetProperty("version").GetString().ShouldBe("2.0");
        doc.RootElement[0].GetProperty("previous_version").GetString().ShouldBe("1.0");
        doc.RootElement[0].GetProperty("state").GetString().ShouldBe("succeeded");
        empty.ShouldStartWith("no deployments to production");
    }

    [Fact]
    public async Task Rollback_DeploysThePreviousGoodVersionAgain_ThroughTheSameJob()
    {
        await CommitAndRunAsync("1.0");
        await CommitAndRunAsync("2.0");

        var (exit, output, error) = await fixture.InvokeAsync("deploy", "rollback", "staging");
        var (_, history, _) = await fixture.InvokeRawAsync("deploy", "history", "staging", "--events");

        exit.ShouldBe(0, output + error);
        output.ShouldContain("rolling back staging from 2.0 to 1.0: job `deploy` of run #1 at ");
        File.ReadAllLines(Deployed).ShouldBe(["1.0 by ", "2.0 by 1.0", "1.0 by 2.0"]);
        var row = history.Split('\n').First(l => l.StartsWith("#3 ", StringComparison.Ordinal));
        row.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[..6].ShouldBe(["#3", "1.0 (rollback of #2)", "succeeded", "100%", "none", "#3 deploy"]);
        history.ShouldContain("#3 1.0:");
        var (again, _, _) = await fixture.InvokeAsync("deploy", "rollback", "staging", "--to", "3.0");
        again.ShouldBe(1);
    }

    [Fact]
    public async Task Lock_RefusesDeploymentsWithTheReason_UntilUnlock()
    {
        await CommitAndRunAsync("1.0");

        var (lockExit, lockOut, _) = await fixture.InvokeRawAsync("deploy", "lock", "staging", "--reason", "database migration", "--as", "alice");
        await CommitAndRunAsync("2.0", expectedExit: 1);
        var (_, status, _) = await fixture.InvokeAsync("deploy", "status");
        var (unlockExit, unlockOut, _) = await fixture.InvokeRawAsync("deploy", "unlock", "staging");
        var (_, again, _) = await fixture.InvokeRawAsync("deploy", "unlock", "staging");
        var (_, history, _) = await fixture.InvokeRawAsync("deploy", "history", "staging");

        lockExit.ShouldBe(0);
        lockOut.ShouldStartWith("locked staging (alice: database migration)");
        status.ShouldContain("staging      1.0 (#1)");
        status.ShouldContain("locked by alice: database migration");
        unlockExit.ShouldBe(0);
        unlockOut.Trim().ShouldBe("unlocked staging");
        again.Trim().ShouldBe("staging was not locked");
        history.ShouldContain("refused");
        history.ShouldContain("environment `staging` is locked by alice: database migration");
    }

    [Fact]
    public async Task Lock_WithoutReason_IsAUsageError()
    {
        var (exit, _, error) = await fixture.InvokeRawAsync("deploy", "lock", "staging");

        exit.ShouldBe(2);
        error.ShouldContain("--reason");
    }

    [Fact]
    public async Task Approve_LetsAWaitingDeploymentStart_AndRefusesOthers()
    {
        File.WriteAllText(Path.Combine(fixture.Repo, ".sluice", "environments.yml"), "environments:\n  staging:\n    approval:\n      reviewers: [bob]\n");
        File.WriteAllText(Path.Combine(fixture.Repo, "VERSION"), "1.0\n");
        fixture.WritePipeline(Pipeline);
        var run = fixture.InvokeAsync("run");
        var (statusOut, waited) = ("", 0);
        while (!statusOut.Contains("waiting for approval", StringComparison.Ordinal) && waited++ < 200)
        {
            await Task.Delay(50);
            statusOut = (await fixture.InvokeAsync("deploy", "status")).Out;
        }

        var (strangerExit, _, strangerError) = await fixture.InvokeRawAsync("approve", "1", "deploy", "--as", "mallory");
        var (badExit, _, _) = await fixture.InvokeRawAsync("approve", "one", "deploy");
        var (approveExit, approveOut, _) = await fixture.InvokeRawAsync("approve", "1", "deploy", "--as", "bob", "--comment", "ship it");
        var (runExit, runOut, runError) = await run;

        statusOut.ShouldContain("#1 1.0 waiting for approval (run #1)");
        strangerExit.ShouldBe(1);
        strangerError.ShouldContain("mallory is not a reviewer of this environment (reviewers: bob)");
        badExit.ShouldBe(2);
        approveExit.ShouldBe(0);
        approveOut.ShouldContain("approved deployment #1 of 1.0 to staging as bob");
        runExit.ShouldBe(0, runOut + runError);
        File.ReadAllLines(Deployed).ShouldBe(["1.0 by "]);
    }

    [Fact]
    public async Task Stop_WithNothingUnderWay_Fails()
    {
        var (exit, _, error) = await fixture.InvokeRawAsync("deploy", "stop", "staging");

        exit.ShouldBe(1);
        error.ShouldContain("no deployment to staging is under way");
    }

    [Theory]
    [InlineData("deploy")]
    [InlineData("approve")]
    public async Task Help_DescribesTheCommand(string command)
    {
        var (exit, output, _) = await fixture.InvokeRawAsync(command, "--help");

        exit.ShouldBe(0);
        output.ShouldContain(command == "deploy" ? "rollback" : "--reject");
    }
}
