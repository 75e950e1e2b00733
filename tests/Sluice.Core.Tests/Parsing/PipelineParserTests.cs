using Sluice.Core.Parsing;
using Sluice.Core.Pipelines;

namespace Sluice.Core.Tests.Parsing;

public sealed class PipelineParserTests
{
    private static Pipeline ParseGood(string name)
    {
        var text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Parsing", "Golden", "good", name));
        var result = PipelineParser.Parse(name, text);
        result.Diagnostics.ShouldBeEmpty(string.Join("\n", result.Diagnostics));
        return result.Pipeline.ShouldNotBeNull();
    }

    [Fact]
    public void Parse_FullFile_BuildsTriggers()
    {
        var p = ParseGood("full.yml");

        p.Id.ShouldBe("full");
        p.Name.ShouldBe("Full");
        p.On.Push!.Branches!.Patterns.Select(g => g.Pattern).ShouldBe(["main", "release/*"]);
        p.On.Push.Tags!.IsMatch("v1").ShouldBeTrue();
        p.On.Push.Paths!.IsMatch("src/a.cs").ShouldBeTrue();
        p.On.Push.Paths.IsMatch("src/x/readme.md").ShouldBeFalse();
        p.On.Push.PathsIgnore!.IsMatch("docs/a.md").ShouldBeTrue();
        p.On.PullRequest!.Types.ShouldBe(["opened", "closed"]);
        p.On.Tag!.Patterns.IsMatch("v1.2.3").ShouldBeTrue();
        p.On.Tag.Patterns.IsMatch("v1.2").ShouldBeFalse();
        p.On.Schedule!.Crons.ShouldBe(["0 6 * * 1-5", "@daily"]);
        p.On.Schedule.Timezone.ShouldBe("Europe/Berlin");
        p.On.Schedule.Every.ShouldBe(new CadenceSpec(TimeSpan.FromDays(14), new DateTime(2026, 1, 5, 9, 0, 0)));
        p.On.Comment!.Commands.ShouldBe(["/deploy {environment}", "/retest"]);
        p.On.Api.ShouldBeTrue();
    }

    [Fact]
    public void Parse_FullFile_BuildsTypedInputsWithNormalizedDefaults()
    {
        var inputs = ParseGood("full.yml").On.Manual!.Inputs;

        inputs.Select(i => (i.Name, i.Type, i.Default)).ShouldBe(
        [
            ("target", InputType.Choice, "dev"),
            ("dry", InputType.Boolean, "true"),
            ("count", InputType.Number, "3"),
            ("note", InputType.String, (string?)null),
        ]);
        inputs[0].Options.ShouldBe(["dev", "prod"]);
        inputs[0].Description.ShouldBe("Where to deploy");
        inputs[2].Required.ShouldBeTrue();
    }

    [Fact]
    public void Parse_FullFile_BuildsDefaultsEnvAndConcurrency()
    {
        var p = ParseGood("full.yml");

        p.Env.ShouldBe(new Dictionary<string, string> { ["GLOBAL"] = "1", ["BRANCH"] = "${{ event.branch }}" });
        p.Defaults.ShouldBe(new PipelineDefaults("bash", "app", TimeSpan.FromMinutes(30)));
        p.Concurrency.ShouldBe(new ConcurrencySettings("full-${{ event.ref }}", true));
    }

    [Fact]
    public void Parse_FullFile_BuildsJobsWithEveryKey()
    {
        var p = ParseGood("full.yml");
        var build = p.FindJob("build")!;
        var test = p.FindJob("test")!;
        var deploy = p.FindJob("deploy")!;

        build.Name.ShouldBe("Build it");
        build.RunsOn.ShouldBe(["linux", "large"]);
        build.Outputs["version"].ShouldBe("${{ steps.v.outputs.version }}");
        build.Artifacts.ShouldBe(["dist/**"]);
        build.Cache.ShouldNotBeNull().Key.ShouldBe("deps-${{ event.sha }}");
        build.Cache.RestoreKeys.ShouldBe(["deps-"]);
        build.Timeout.ShouldBe(TimeSpan.FromMinutes(30), "inherits defaults.timeout");
        build.WorkingDirectory.ShouldBe("app", "inherits defaults.working-directory");
        build.Steps.Count.ShouldBe(2);
        var v = build.Steps[0];
        (v.Id, v.Name, v.Shell, v.Timeout, v.ContinueOnError, v.WorkingDirectory).ShouldBe(("v", "Version", "sh", TimeSpan.FromSeconds(90), true, "sub"));
        v.Env.ShouldBe(new Dictionary<string, string> { ["A"] = "b" });
        build.Steps[1].Run.ShouldBe("make build");
        build.Steps[1].Shell.ShouldBe("bash", "inherits defaults.shell");

        test.Needs.ShouldBe(["build"]);
        test.If.ShouldBe("${{ needs.build.result == 'success' }}");
        test.Matrix!.Axes.Select(a => a.Name).ShouldBe(["python", "os"]);
        test.Matrix.Include.Count.ShouldBe(1);
        test.Matrix.Exclude.Count.ShouldBe(1);
        test.Matrix.FailFast.ShouldBeFalse();
        test.Matrix.MaxParallel.ShouldBe(2);
        test.Secrets.ShouldBe(["TOKEN"]);
        test.Retry.ShouldBe(new RetryPolicy(2, false, true));
        test.ContinueOnError.ShouldBeTrue();
        test.Changes!.IsMatch("tests/t.py").ShouldBeTrue();
        test.Steps.Single().Run.ShouldBe("TOKEN=${{ secrets.TOKEN }} pytest");

        deploy.Environment.ShouldBe("${{ inputs.target }}");
        var d = deploy.Deploy.ShouldNotBeNull();
        d.Strategy.ShouldBe("Linear10PercentEvery1Minute");
        d.Steps.Count(s => s.ShiftPercent is not null).ShouldBe(10);
        d.Check.ShouldBe(new DeployCheck("./check.sh", TimeSpan.FromSeconds(10), 2));
        d.Rollback.ShouldBe("./rollback.sh");
        d.Timeout.ShouldBe(TimeSpan.FromHours(2));
    }

    [Fact]
    public void Parse_ShorthandTriggers_EnableDefaults()
    {
        var result = PipelineParser.Parse("s.yml", "on: [push, pull_request, manual, api]\njobs:\n  a:\n    run: echo\n");

        result.IsValid.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var on = result.Pipeline!.On;
        on.Push.ShouldNotBeNull();
        on.PullRequest!.Types.ShouldBe(PullRequestTrigger.DefaultTypes);
        on.Manual!.Inputs.ShouldBeEmpty();
        on.Api.ShouldBeTrue();
    }

    [Fact]
    public void Parse_UnknownKey_SuggestsTheClosestKey()
    {
        var result = PipelineParser.Parse("x.yml", "on: push\njobs:\n  a:\n    run: echo\n  b:\n    need: [a]\n    run: echo\n");

        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Code.ShouldBe("SL1004");
        d.Hint.ShouldBe("did you mean `needs`?");
        d.ToString().ShouldBe("x.yml:6:5: error SL1004: unknown key `need` in job `b` (hint: did you mean `needs`?)");
    }

    [Fact]
    public void Parse_CycleInNeeds_ReportsCyclePath()
    {
        var result = PipelineParser.Parse("c.yml", "on: push\njobs:\n  build:\n    needs: [test]\n    run: make\n  test:\n    needs: [build]\n    run: make test\n");

        var d = result.Diagnostics.ShouldHaveSingleItem();
        d.Message.ShouldBe("dependency cycle: build -> test -> build");
    }

    [Fact]
    public void Parse_LongCycle_ReportsEveryJobOnThePathOnce()
    {
        var yaml = "on: push\njobs:\n" + string.Concat(Enumerable.Range(0, 5).Select(i => $"  j{i}:\n    needs: [j{(i + 1) % 5}]\n    run: echo\n"));

        var result = PipelineParser.Parse("c.yml", yaml);

        result.Diagnostics.ShouldHaveSingleItem().Message.ShouldBe("dependency cycle: j0 -> j1 -> j2 -> j3 -> j4 -> j0");
    }

    [Fact]
    public void Parse_TenThousandJobChain_DoesNotOverflowTheStack()
    {
        var yaml = "on: push\njobs:\n" + string.Concat(Enumerable.Range(0, 10_000).Select(i => i == 0 ? "  j0:\n    run: echo\n" : $"  j{i}:\n    needs: j{i - 1}\n    run: echo\n"));

        var result = PipelineParser.Parse("chain.yml", yaml);

        result.IsValid.ShouldBeTrue();
        result.Pipeline!.Jobs.Count.ShouldBe(10_000);
    }

    [Fact]
    public void Parse_YamlAnchorsAndMergeKeys_AreResolved()
    {
        var yaml = "on: push\njobs:\n  a:\n    env: &common\n      X: \"1\"\n    run: echo\n  b:\n    env:\n      <<: *common\n      Y: \"2\"\n    run: echo\n";

        var result = PipelineParser.Parse("anchors.yml", yaml);

        result.IsValid.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        result.Pipeline!.FindJob("b")!.Env.OrderBy(kv => kv.Key).ShouldBe(new Dictionary<string, string> { ["X"] = "1", ["Y"] = "2" });
    }

    [Fact]
    public void Parse_MergeKeyThenExplicitKey_ExplicitWins()
    {
        var yaml = "on: push\njobs:\n  base: &base\n    run: echo base\n    timeout: 5m\n  a:\n    <<: *base\n    run: echo a\n";

        var result = PipelineParser.Parse("merge.yml", yaml);

        result.IsValid.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        var a = result.Pipeline!.FindJob("a")!;
        a.Steps.Single().Run.ShouldBe("echo a");
        a.Timeout.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Parse_BooleanInput_IsABooleanInConditions()
    {
        var yaml = "on:\n  manual:\n    inputs:\n      dry:\n        type: boolean\n        default: false\njobs:\n  real:\n    if: '!inputs.dry'\n    run: echo\n  dry:\n    if: inputs.dry\n    run: echo\n";
        var pipeline = PipelineParser.Parse("b.yml", yaml).Pipeline!;

        var onPush = Sluice.Core.Planning.Planner.PlanPipeline(pipeline, new Sluice.Core.Events.PipelineEvent(Sluice.Core.Events.EventKind.Push, Branch: "main"), force: true);
        var dryRun = Sluice.Core.Planning.Planner.PlanPipeline(pipeline, new Sluice.Core.Events.PipelineEvent(Sluice.Core.Events.EventKind.Manual, Inputs: new Dictionary<string, string> { ["dry"] = "true" }));

        onPush.Jobs.Select(j => j.Key).ShouldBe(["real"]);
        dryRun.Jobs.Select(j => j.Key).ShouldBe(["dry"]);
    }

    [Fact]
    public void Parse_ReportsAllProblemsAtOnce_InFileOrder()
    {
        var yaml = "on: push\njobs:\n  a:\n    nedds: [b]\n    needs: zzz\n    timeout: 5 min\n    run: echo\n";

        var result = PipelineParser.Parse("m.yml", yaml);

        result.Diagnostics.Select(d => d.Code).ShouldBe(["SL1004", "SL1101", "SL1204"]);
        result.Pipeline.ShouldNotBeNull("the model is returned even when invalid");
    }
}
