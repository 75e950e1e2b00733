using Sluice.Core.Deployments;
using Sluice.Core.Events;

namespace Sluice.Core.Tests.Deployments;

public sealed class DeploymentRulesTests
{
    private static EnvironmentDefinition Environment(string yaml) =>
        EnvironmentsParser.Parse("environments.yml", "environments:\n  production:\n" + yaml).Config!.Find("production")!;

    [Fact]
    public void Evaluate_BlockedEnvironment_IsRefusedWithTheReason()
    {
        var production = Environment("    blocked: { reason: code freeze until Monday }\n");

        var verdict = DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Manual, "main", null, "alice"));

        verdict.Allowed.ShouldBeFalse();
        verdict.Refusal.ShouldBe("environment `production` is blocked: code freeze until Monday");
    }

    [Theory]
    [InlineData(EventKind.Push, "main", null, null)]
    [InlineData(EventKind.Push, "feature/x", null, "branch `feature/x` may not deploy to `production` (branches: main, release/*)")]
    [InlineData(EventKind.Comment, "release/2", null, null)]
    [InlineData(EventKind.Tag, null, "v1.0", "tag `v1.0` may not deploy to `production` (branches: main, release/*)")]
    [InlineData(EventKind.Manual, null, null, "the branch or tag is unknown, and `production` allows only branches: main, release/*")]
    public void Evaluate_Branches_FilterTheRef(EventKind kind, string? branch, string? tag, string? refusal)
    {
        var production = Environment("    branches: [main, release/*]\n");

        DeploymentRules.Evaluate(production, new DeploymentFacts(kind, branch, tag, "alice")).Refusal.ShouldBe(refusal);
    }

    [Fact]
    public void Evaluate_TagsAndBranches_EitherMayMatch()
    {
        var production = Environment("    branches: [main]\n    tags: ['v*']\n");

        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Tag, null, "v2.0.0", null)).Allowed.ShouldBeTrue();
        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Push, "main", null, null)).Allowed.ShouldBeTrue();
        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Tag, null, "nightly", null)).Refusal.ShouldBe("tag `nightly` may not deploy to `production` (tags: v*)");
    }

    [Fact]
    public void Evaluate_AutoFalse_RefusesPushButNotComment()
    {
        var production = Environment("    auto: false\n    manual: [comment]\n");

        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Push, "main", null, null)).Refusal
            .ShouldBe("environment `production` does not deploy automatically (auto: false); deploy it by hand");
        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Comment, "main", null, "bob")).Allowed.ShouldBeTrue();
        DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Api, "main", null, "bob")).Refusal
            .ShouldBe("environment `production` allows manual deployments only from comment, not from api");
    }

    [Fact]
    public void Evaluate_Allowed_CarriesApprovalAndWait()
    {
        var production = Environment("    approval: { reviewers: [alice], timeout: 1h }\n    wait: 5m\n");

        var verdict = DeploymentRules.Evaluate(production, new DeploymentFacts(EventKind.Push, "main", null, null));

        verdict.Allowed.ShouldBeTrue();
        verdict.Approval!.Reviewers.ShouldBe(["alice"]);
        verdict.Wait.ShouldBe(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public void Facts_FromEvent_MapKindsToSources()
    {
        DeploymentFacts.From(new PipelineEvent(EventKind.Schedule)).Source.ShouldBe(TriggerSource.Auto);
        DeploymentFacts.From(new PipelineEvent(EventKind.Comment)).Source.ShouldBe(TriggerSource.Comment);
        DeploymentFacts.From(new PipelineEvent(EventKind.Manual)).Source.ShouldBe(TriggerSource.Cli);
        DeploymentFacts.From(new PipelineEvent(EventKind.Api)).Source.ShouldBe(TriggerSource.Api);
        DeploymentFacts.From(new PipelineEvent(EventKind.Tag, Branch: "main", Tag: "v1")).Branch.ShouldBeNull();
    }
}
