using System.Text.Json;

namespace Sluice.Cli.Tests.Commands;

public sealed class PlanCommandTests
{
    private static string Example(string name) => Path.Combine(CliRunner.Examples, name);

    [Fact]
    public async Task Plan_MonorepoPush_ShowsTreeWithOnlyTheChangedFunction()
    {
        var (exit, output, error) = await CliRunner.RunAsync("plan", Example("lambda-monorepo"), "--event", "push", "--branch", "main", "--changed", "functions/auth/handler.py,docs/x.md");

        exit.ShouldBe(0, error);
        output.ShouldContain("event: push to main, 2 changed file(s)");
        output.ShouldContain("● functions");
        output.ShouldContain("├─ ✓ build (function=auth)");
        output.ShouldContain("✓ deploy-dev (function=auth)");
        output.ShouldNotContain("function=billing");
        output.ShouldContain("✗ deploy-production");
        output.ShouldContain("1 of 1 pipeline(s) run, 2 job(s)");
    }

    [Fact]
    public async Task Plan_TagImpliesTagEvent_AndExplainsUnmatchedPipelines()
    {
        var (exit, output, _) = await CliRunner.RunAsync("plan", Example("python-lib"), "--tag", "v1.2.0");

        exit.ShouldBe(0);
        output.ShouldContain("○ ci  (");
        output.ShouldContain("not run: no `on.tag` or `on.push.tags` trigger");
        output.ShouldContain("● publish");
        output.ShouldContain("✓ publish");
        output.ShouldContain("needs: build  environment: pypi");
    }

    [Fact]
    public async Task Plan_ForkPullRequest_Json_CarriesTheSecretsNote()
    {
        var (exit, output, _) = await CliRunner.RunAsync("plan", Example("python-lib"), "--pr", "12", "--base", "main", "--fork", "--changed", "src/pylib/__init__.py", "--json");

        exit.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        doc.RootElement.GetProperty("event").GetProperty("kind").GetString().ShouldBe("pull_request");
        var ci = doc.RootElement.GetProperty("pipelines").EnumerateArray().Single(p => p.GetProperty("id").GetString() == "ci");
        ci.GetProperty("matched").GetBoolean().ShouldBeTrue();
        ci.GetProperty("reason").GetString().ShouldBe("pull request #12 opened (from a fork)");
        ci.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("key").GetString()).ShouldBe(
            ["lint", "typecheck", "test (python=3.8)", "test (python=3.12)"]);
    }

    [Fact]
    public async Task Plan_CommentCommand_CapturesArguments()
    {
        var (exit, output, _) = await CliRunner.RunAsync("plan", Example("lambda-monorepo"), "--comment", "/deploy staging", "--pr", "5", "--changed", "functions/users/x.py", "--json");

        exit.ShouldBe(0);
        using var doc = JsonDocument.Parse(output);
        var p = doc.RootElement.GetProperty("pipelines")[0];
        p.GetProperty("command_args").GetProperty("environment").GetString().ShouldBe("staging");
        p.GetProperty("jobs").EnumerateArray().Select(j => j.GetProperty("key").GetString()).ShouldBe(["build (function=users)", "deploy-staging (function=users)"]);
    }

    [Fact]
    public async Task Plan_ManualInputs_AreTypedChecked()
    {
        var ok = await CliRunner.RunAsync("plan", Example("canary-service"), "--event", "manual", "--input", "environment=production");
        var bad = await CliRunner.RunAsync("plan", Example("canary-service"), "--event", "manual", "--input", "environment=moon");

        ok.Output.ShouldContain("inputs: environment=production, dry-run=false");
        ok.Output.ShouldContain("✓ approval");
        bad.Output.ShouldContain("not run: invalid inputs: input `environment`: `moon` is not one of staging, production");
    }

    [Fact]
    public async Task Plan_InvalidInputSyntax_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("plan", Example("canary-service"), "--event", "manual", "--input", "environment");

        exit.ShouldBe(2);
        error.ShouldContain("must look like name=value");
    }

    [Fact]
    public async Task Plan_UnknownEvent_IsAUsageError()
    {
        var (exit, _, error) = await CliRunner.RunAsync("plan", Example("canary-service"), "--event", "deploy");

        exit.ShouldBe(2);
        error.ShouldContain("unknown event `deploy`");
    }

    [Fact]
    public async Task Help_DescribesEveryCommand()
    {
        var (exit, output, _) = await CliRunner.RunAsync("plan", "--help");

        exit.ShouldBe(0);
        output.ShouldContain("--changed");
        output.ShouldContain("--fork");
    }
}
