using Sluice.Core.Deployments;
using Sluice.Core.Globs;

namespace Sluice.Core.Tests.Deployments;

public sealed class EnvironmentsParserTests
{
    private const string File = ".sluice/environments.yml";

    [Fact]
    public void Parse_EveryKey_BuildsTheModel()
    {
        var result = EnvironmentsParser.Parse(File, """
            teams:
              ops: [carol, dave]
            environments:
              dev:
              staging:
                url: https://staging.example.com
                branches: [main, "release/*"]
                auto: false
                manual: [comment]
              production:
                url: https://example.com
                tags: ["v*"]
                manual: [cli, api]
                approval:
                  reviewers: [alice, bob]
                  teams: [ops]
                  required: 2
                  timeout: 1d
                  self-approval: true
                wait: 10m
                blocked:
                  reason: code freeze until Monday
                vars:
                  REPLICAS: 3
                secrets:
                  DB_PASSWORD: PROD_DB_PASSWORD
                notify:
                  webhook: https://hooks.example.com/T000/B000
                  on: [waiting, rolled-back]
            """);

        result.Diagnostics.ShouldBeEmpty();
        var config = result.Config!;
        config.Environments.Select(e => e.Name).ShouldBe(["dev", "staging", "production"]);
        config.Find("dev")!.Auto.ShouldBeTrue();
        config.Find("dev")!.Manual.Count.ShouldBe(3);
        var staging = config.Find("staging")!;
        staging.Url.ShouldBe("https://staging.example.com");
        staging.Branches!.IsMatch("release/2.0").ShouldBeTrue();
        staging.Auto.ShouldBeFalse();
        staging.Manual.ShouldBe([TriggerSource.Comment]);
        staging.Location.Line.ShouldBe(5);
        var production = config.Find("production")!;
        production.Tags!.IsMatch("v1.2.0").ShouldBeTrue();
        production.Manual.ShouldBe([TriggerSource.Cli, TriggerSource.Api], ignoreOrder: true);
        production.Approval.ShouldBe(new ApprovalRule(["alice", "bob"], ["ops"], 2, TimeSpan.FromDays(1), true), new ApprovalRuleComparer());
        config.Reviewers(production.Approval!).ShouldBe(["alice", "bob", "carol", "dave"]);
        production.Wait.ShouldBe(TimeSpan.FromMinutes(10));
        production.Blocked.ShouldBe("code freeze until Monday");
        production.Vars.ShouldBe(new Dictionary<string, string> { ["REPLICAS"] = "3" });
        production.Secrets.ShouldBe(new Dictionary<string, string> { ["DB_PASSWORD"] = "PROD_DB_PASSWORD" });
        production.Notify!.Webhook.ShouldBe("https://hooks.example.com/T000/B000");
        production.Notify.On.ShouldBe([DeploymentNotice.Waiting, DeploymentNotice.RolledBack], ignoreOrder: true);
    }

    [Fact]
    public void Parse_Defaults_AreUnrestricted()
    {
        var result = EnvironmentsParser.Parse(File, """
            environments:
              staging:
                secrets: [API_KEY]
                blocked: false
            """);

        var staging = result.Config!.Find("staging")!;
        staging.Auto.ShouldBeTrue();
        staging.Manual.ShouldBe(EnvironmentDefinition.AllManual, ignoreOrder: true);
        staging.Approval.ShouldBeNull();
        staging.Blocked.ShouldBeNull();
        staging.Secrets.ShouldBe(new Dictionary<string, string> { ["API_KEY"] = "API_KEY" });
        result.Config.Resolve("prod").ShouldBeNull();
        EnvironmentsConfig.None.Resolve("prod")!.Approval.ShouldBeNull();
    }

    [Fact]
    public void Parse_Mistakes_ReportFileLineColumnAndHints()
    {
        var result = EnvironmentsParser.Parse(File, """
            environments:
              production:
                aproval:
                  reviewers: [alice]
                branches: ["src/***"]
                wait: 10
                manual: [coment]
              staging:
                approval:
                  reviewers: [alice]
                  teams: [ops]
                  required: 3
                notify:
                  on: [started]
            """);

        result.IsValid.ShouldBeFalse();
        result.Diagnostics.Select(d => d.ToString()).ShouldBe(
        [
            ".sluice/environments.yml:3:5: error SL1004: unknown key `aproval` in environment `production` (hint: did you mean `approval`?)",
            ".sluice/environments.yml:5:16: error SL1203: invalid glob `src/***` in `production.branches`: `***` is not a valid wildcard; use `*` within a directory or `**` for any depth (hint: globs use `*`, `**`, `?`, `{a,b}` and a leading `!` to exclude)",
            ".sluice/environments.yml:6:11: error SL1204: invalid duration `10` for `production.wait`: `10` has no unit; write e.g. `10s`, `10m` or `10h` (hint: durations look like `90s`, `10m`, `2h`, `7d`, `1h30m`)",
            ".sluice/environments.yml:7:14: error SL1007: unknown manual source `coment` in `production.manual` (hint: did you mean `comment`?)",
            ".sluice/environments.yml:11:15: error SL1702: unknown team `ops` in `staging.approval.teams` (hint: declare it under the top-level `teams:` key)",
            ".sluice/environments.yml:12:17: error SL1702: `staging.approval` requires 3 approvals but names only 1 reviewer(s) (hint: a deployment could never be approved; lower `required` or add reviewers)",
            ".sluice/environments.yml:14:7: error SL1006: `staging.notify` needs `webhook` (a URL) or `webhook-secret` (the run secret holding it)",
        ]);
    }

    [Fact]
    public void Parse_DuplicateEnvironment_IsReported()
    {
        var result = EnvironmentsParser.Parse(File, "environments:\n  dev: {}\n  dev: {}\n");

        result.Diagnostics.ShouldHaveSingleItem().ToString().ShouldBe(".sluice/environments.yml:3:3: error SL1003: environment `dev` is defined twice (first on line 2)");
    }

    [Theory]
    [InlineData("", "SL1008")]
    [InlineData("environments: [a]", "SL1005")]
    [InlineData("teams: {}", "SL1006")]
    [InlineData("environments:\n  prod:\n    url: ftp://x", "SL1007")]
    [InlineData("environments:\n  prod:\n    approval: {}", "SL1702")]
    [InlineData("environments:\n  prod:\n    secrets: [db-password]", "SL1502")]
    [InlineData("environments:\n  prod:\n    vars: { A: '${{ inputs.x }}' }", "SL1304")]
    [InlineData("environments:\n  'a b': {}", "SL1007")]
    [InlineData("environments:\n  prod: {\n", "SL1001")]
    public void Parse_InvalidFile_ReportsTheCode(string text, string code)
    {
        var result = EnvironmentsParser.Parse(File, text);

        result.IsValid.ShouldBeFalse();
        result.Diagnostics.Select(d => d.Code).ShouldContain(code);
    }

    [Theory]
    [InlineData("canary-service", "production")]
    [InlineData("lambda-monorepo", "staging")]
    public void Parse_ExampleEnvironments_AreValid(string example, string environment)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "examples", example, ".sluice", "environments.yml");

        var result = EnvironmentsParser.Parse(path, System.IO.File.ReadAllText(path));

        result.Diagnostics.ShouldBeEmpty();
        result.Config!.Find(environment).ShouldNotBeNull();
    }

    private sealed class ApprovalRuleComparer : IEqualityComparer<ApprovalRule>
    {
        public bool Equals(ApprovalRule? x, ApprovalRule? y) =>
            x is not null && y is not null && x.Reviewers.SequenceEqual(y.Reviewers) && x.Teams.SequenceEqual(y.Teams)
            && x.Required == y.Required && x.Timeout == y.Timeout && x.SelfApproval == y.SelfApproval;

        public int GetHashCode(ApprovalRule obj) => obj.Required;
    }
}
