using Sluice.Core.Events;
using Sluice.Core.Parsing;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;

namespace Sluice.Core.Tests.Planning;

public sealed class PlannerTests
{
    private static Pipeline Parse(string yaml, string file = "p.yml")
    {
        var result = PipelineParser.Parse(file, yaml);
        result.IsValid.ShouldBeTrue(string.Join("\n", result.Diagnostics));
        return result.Pipeline!;
    }

    private static Pipeline Example(string example, string file) =>
        Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "examples", example, ".sluice", file)), file);

    private const string PushMain = "on:\n  push:\n    branches: [main]\njobs:\n  a:\n    run: echo\n";

    [Fact]
    public void Push_BranchInFilter_Matches()
    {
        var plan = Planner.PlanPipeline(Parse(PushMain), new PipelineEvent(EventKind.Push, Branch: "main"));

        plan.Matched.ShouldBeTrue();
        plan.Reason.ShouldBe("push to `main`");
        plan.Jobs.Select(j => j.Key).ShouldBe(["a"]);
    }

    [Fact]
    public void Push_BranchNotInFilter_SaysWhichFilterExcludedIt()
    {
        var plan = Planner.PlanPipeline(Parse(PushMain), new PipelineEvent(EventKind.Push, Branch: "feature/x"));

        plan.Matched.ShouldBeFalse();
        plan.Reason.ShouldBe("branch `feature/x` does not match on.push.branches (main)");
        plan.Jobs.ShouldBeEmpty();
    }

    [Fact]
    public void Push_BranchesIgnore_Excludes()
    {
        var p = Parse("on:\n  push:\n    branches-ignore: ['dependabot/**']\njobs:\n  a:\n    run: echo\n");

        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "dependabot/npm/x")).Reason.ShouldContain("branches-ignore");
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main")).Matched.ShouldBeTrue();
    }

    [Fact]
    public void Push_BranchDeletion_StartsNothing()
    {
        var plan = Planner.PlanPipeline(Parse(PushMain), new PipelineEvent(EventKind.Push, Branch: "main", Deleted: true));

        plan.Matched.ShouldBeFalse();
        plan.Reason.ShouldContain("deleted");
    }

    [Fact]
    public void Push_PathsFilter_UsesChangedFiles_AndUnknownChangesMatch()
    {
        var p = Parse("on:\n  push:\n    paths: ['src/**']\n    paths-ignore: ['**/*.md']\njobs:\n  a:\n    run: echo\n");

        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main", ChangedFiles: ["docs/x.md"])).Reason.ShouldBe("no changed file matches on.push.paths (src/**)");
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main", ChangedFiles: ["src/readme.md"])).Reason.ShouldContain("paths-ignore");
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main", ChangedFiles: ["src/a.py"])).Matched.ShouldBeTrue();
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main")).Matched.ShouldBeTrue("unknown changes never skip work");
    }

    [Fact]
    public void TagPush_MatchesTagTriggerAndPushTags_NotBranchPushes()
    {
        var release = Example("python-lib", "publish.yml");
        var ci = Example("python-lib", "ci.yml");

        var plan = Planner.Plan([ci, release], new PipelineEvent(EventKind.Tag, Tag: "v1.2.0"));

        plan.Pipelines[0].Matched.ShouldBeFalse();
        plan.Pipelines[0].Reason.ShouldBe("no `on.tag` or `on.push.tags` trigger");
        plan.Pipelines[1].Matched.ShouldBeTrue();
        plan.Pipelines[1].Jobs.Select(j => j.Key).ShouldBe(["check-version", "build", "publish"]);
        Planner.PlanPipeline(release, new PipelineEvent(EventKind.Tag, Tag: "nightly")).Reason.ShouldBe("tag `nightly` does not match (v*.*.*)");
    }

    [Fact]
    public void PullRequest_TypesAndBaseBranch_AreFiltered()
    {
        var p = Parse("on:\n  pull_request:\n    branches: [main]\njobs:\n  a:\n    run: echo\n");

        Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, Branch: "f", BaseBranch: "main", PullRequest: 3, PullRequestAction: "opened")).Matched.ShouldBeTrue();
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, BaseBranch: "main", PullRequest: 3, PullRequestAction: "closed", Merged: true))
            .Reason.ShouldBe("pull request action `closed` is not in on.pull_request.types (opened, synchronize, reopened)");
        Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, BaseBranch: "develop", PullRequest: 3, PullRequestAction: "opened"))
            .Reason.ShouldContain("base branch `develop`");
    }

    [Fact]
    public void PullRequest_ClosedWithMerge_CanBeTargeted()
    {
        var p = Parse("on:\n  pull_request:\n    types: [closed]\njobs:\n  cleanup:\n    run: echo\n  after-merge:\n    if: event.pull_request.merged\n    run: echo\n");

        var merged = Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, BaseBranch: "main", PullRequest: 9, PullRequestAction: "closed", Merged: true));
        var closed = Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, BaseBranch: "main", PullRequest: 9, PullRequestAction: "closed", Merged: false));

        merged.Reason.ShouldBe("pull request #9 merged");
        merged.Jobs.Select(j => j.Key).ShouldBe(["cleanup", "after-merge"]);
        closed.Jobs.Select(j => j.Key).ShouldBe(["cleanup"]);
        closed.Skipped.ShouldHaveSingleItem().Reason.ShouldBe("`if: event.pull_request.merged` is false");
    }

    [Fact]
    public void ForkPullRequest_IsPlanned_WithANoteThatSecretsAreWithheld()
    {
        var p = Parse("on: pull_request\njobs:\n  a:\n    secrets: [TOKEN]\n    run: echo\n");

        var plan = Planner.PlanPipeline(p, new PipelineEvent(EventKind.PullRequest, BaseBranch: "main", PullRequest: 4, Fork: true, PullRequestAction: "opened"));

        plan.Matched.ShouldBeTrue();
        plan.Reason.ShouldBe("pull request #4 opened (from a fork)");
        plan.Notes!.ShouldHaveSingleItem().ShouldContain("secrets are withheld");
    }

    [Fact]
    public void Comment_CommandWithPlaceholder_CapturesArgumentsAndDrivesConditions()
    {
        var p = Example("lambda-monorepo", "functions.yml");
        var ev = new PipelineEvent(EventKind.Comment, PullRequest: 7, Comment: "/deploy staging\nplease", ChangedFiles: ["functions/auth/handler.py"]);

        var plan = Planner.PlanPipeline(p, ev);

        plan.Matched.ShouldBeTrue();
        plan.CommandArgs.ShouldBe(new Dictionary<string, string> { ["environment"] = "staging" });
        plan.Jobs.Select(j => j.Key).ShouldBe(["build (function=auth)", "deploy-staging (function=auth)"]);
        plan.Skipped.Select(s => s.JobId).ShouldBe(["deploy-dev", "deploy-production"]);
    }

    [Fact]
    public void Comment_NotACommand_DoesNotMatch()
    {
        var plan = Planner.PlanPipeline(Example("lambda-monorepo", "functions.yml"), new PipelineEvent(EventKind.Comment, PullRequest: 7, Comment: "looks good to me"));

        plan.Matched.ShouldBeFalse();
        plan.Reason.ShouldBe("comment does not match any of `/deploy {environment}`");
    }

    [Fact]
    public void Monorepo_PushToMain_BuildsAndDeploysOnlyChangedFunctions()
    {
        var p = Example("lambda-monorepo", "functions.yml");
        var ev = new PipelineEvent(EventKind.Push, Branch: "main", ChangedFiles: ["functions/billing/handler.py", "functions/users/handler.py", "README.md"]);

        var plan = Planner.PlanPipeline(p, ev);

        plan.Jobs.Select(j => j.Key).ShouldBe(
        [
            "build (function=billing)", "build (function=users)",
            "deploy-dev (function=billing)", "deploy-dev (function=users)",
        ]);
        plan.Jobs[2].Needs.ShouldBe(["build (function=billing)", "build (function=users)"]);
        plan.Skipped.Select(s => s.JobId).ShouldBe(["deploy-staging", "deploy-production"]);
    }

    [Fact]
    public void Monorepo_SharedChange_BuildsEveryFunction()
    {
        var plan = Planner.PlanPipeline(Example("lambda-monorepo", "functions.yml"), new PipelineEvent(EventKind.PullRequest, BaseBranch: "main", PullRequest: 1, PullRequestAction: "opened", ChangedFiles: ["shared/log.py"]));

        plan.Jobs.Count(j => j.JobId == "build").ShouldBe(7);
        plan.Jobs.ShouldAllBe(j => j.JobId == "build");
    }

    [Fact]
    public void Changes_NoMatchingFile_DropsJobAndItsDependents()
    {
        var p = Parse("on: push\njobs:\n  web:\n    changes: ['web/**']\n    run: echo\n  e2e:\n    needs: web\n    run: echo\n  notify:\n    needs: web\n    if: always()\n    run: echo\n");

        var plan = Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main", ChangedFiles: ["api/x.go"]));

        plan.Jobs.Select(j => j.Key).ShouldBe(["notify"]);
        plan.Jobs[0].Needs.ShouldBeEmpty();
        plan.Skipped.Select(s => (s.JobId, s.Reason)).ShouldBe(
        [
            ("web", "no changed file matches `changes` (web/**)"),
            ("e2e", "needs `web`, which is skipped"),
        ]);
    }

    [Fact]
    public void Matrix_ExpandsIncludeAndExclude_WithReadableKeys()
    {
        var p = Parse("on: push\njobs:\n  test:\n    matrix:\n      python: ['3.8', '3.12']\n      os: [linux, mac]\n      exclude:\n        - { python: '3.8', os: mac }\n      include:\n        - { python: '3.12', os: linux, extra: 'yes' }\n        - { python: '3.13', os: linux }\n    run: echo\n  after:\n    needs: test\n    run: echo\n");

        var plan = Planner.PlanPipeline(p, new PipelineEvent(EventKind.Push, Branch: "main"));

        plan.Jobs.Select(j => j.Key).ShouldBe(
        [
            "test (python=3.8, os=linux)", "test (python=3.12, os=linux, extra=yes)", "test (python=3.12, os=mac)", "test (python=3.13, os=linux)", "after",
        ]);
        plan.Jobs[^1].Needs.Count.ShouldBe(4);
    }

    [Fact]
    public void Manual_AppliesDefaults_AndRejectsBadInputs()
    {
        var p = Example("canary-service", "service.yml");

        var ok = Planner.PlanPipeline(p, new PipelineEvent(EventKind.Manual, Inputs: new Dictionary<string, string> { ["environment"] = "production" }));
        var bad = Planner.PlanPipeline(p, new PipelineEvent(EventKind.Manual, Inputs: new Dictionary<string, string> { ["environment"] = "moon" }));

        ok.Inputs.ShouldBe(new Dictionary<string, string> { ["environment"] = "production", ["dry-run"] = "false" });
        ok.Jobs.Select(j => j.Key).ShouldBe(["build", "deploy", "approval", "integration-test"]);
        bad.Matched.ShouldBeFalse();
        bad.Reason.ShouldBe("invalid inputs: input `environment`: `moon` is not one of staging, production");
    }

    [Fact]
    public void CanaryService_PushToMain_SkipsApprovalButKeepsIntegrationTestThatAsksForStatus()
    {
        var plan = Planner.PlanPipeline(Example("canary-service", "service.yml"), new PipelineEvent(EventKind.Push, Branch: "main"));

        plan.Jobs.Select(j => j.Key).ShouldBe(["build", "deploy", "integration-test"]);
        plan.Skipped.ShouldHaveSingleItem().ShouldBe(new SkippedJob("approval", "`if: inputs.environment == 'production'` is false"));
        plan.Jobs[2].Needs.ShouldBe(["deploy"]);
    }

    [Fact]
    public void Schedule_SprintRollup_Matches()
    {
        var plan = Planner.PlanPipeline(Example("sprint-rollup", "rollup.yml"), new PipelineEvent(EventKind.Schedule));

        plan.Matched.ShouldBeTrue();
        plan.Jobs.Select(j => j.Key).ShouldBe(["rollup"]);
    }

    [Fact]
    public void Api_IacOrders_PlansTheOrderGraph()
    {
        var plan = Planner.PlanPipeline(Example("iac-orders", "orders.yml"), new PipelineEvent(EventKind.Api, Pipeline: "iac-orders"));

        plan.Matched.ShouldBeTrue();
        plan.Jobs.Single(j => j.Key == "app").Needs.ShouldBe(["database", "cache"]);
        plan.Jobs.Single(j => j.Key == "database").Definition.Timeout.ShouldBe(TimeSpan.FromMinutes(20));
    }

    [Fact]
    public void Api_ForAnotherPipeline_DoesNotMatch()
    {
        var plan = Planner.PlanPipeline(Example("iac-orders", "orders.yml"), new PipelineEvent(EventKind.Api, Pipeline: "other"));

        plan.Matched.ShouldBeFalse();
        plan.Reason.ShouldBe("the API call is for pipeline `other`");
    }

    [Fact]
    public void Force_RunsAPipelineWhateverItsTriggers()
    {
        var plan = Planner.PlanPipeline(Parse(PushMain), new PipelineEvent(EventKind.Push, Branch: "dev"), force: true);

        plan.Matched.ShouldBeTrue();
        plan.Reason.ShouldBe("run by name");
    }
}
