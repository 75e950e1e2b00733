using Sluice.Server.Queue;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Agents;

/// <summary>Secrets on agents: fetched at claim time over the fenced API, masked in every line, never in the database, never for forks.</summary>
public sealed class AgentSecretsTests
{
    private const string Pipeline = """
        name: agents
        on: [push, manual, pull_request]
        jobs:
          deploy:
            secrets: [DEPLOY_TOKEN]
            run: |
              echo "token=[${DEPLOY_TOKEN:-none}]"
              echo "length ${#DEPLOY_TOKEN}"
        """;

    [Fact]
    public async Task Secrets_GivenToTheAgent_AreMaskedInLogsAndAbsentFromTheDatabase()
    {
        await using var harness = await AgentHarness.StartAsync(Pipeline);
        harness.StartAgent("agent-1");

        var item = await harness.WaitForRunAsync(await harness.StartRunAsync());
        var text = await harness.LogTextAsync(item.RunId!.Value);
        await harness.Server.StopAsync();
        var bytes = string.Concat(Directory.GetFiles(harness.Server.DataDir, "sluice.db*").Select(f => System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(f))));

        item.State.ShouldBe(QueueState.Succeeded);
        text.ShouldContain("token=[***]");
        text.ShouldContain("length 12");
        text.ShouldNotContain("s3cr3t-value");
        bytes.ShouldNotContain("s3cr3t-value");
        bytes.ShouldNotContain(AgentHarness.Token);
    }

    [Fact]
    public async Task ForkPullRequest_JobOnAnAgent_GetsNoSecrets()
    {
        string main = "", head = "";
        await using var harness = await AgentHarness.StartAsync(Pipeline, arrange: repo =>
        {
            main = repo.Git("rev-parse", "HEAD").Trim();
            repo.Checkout("change", create: true);
            head = repo.Commit("change", ("a.txt", "a"));
            repo.Git("update-ref", "refs/pull/8/head", head);
        });
        harness.StartAgent("agent-1");

        await harness.Server.SendAsync("pull_request", Payloads.PullRequest("opened", 8, head, "change", main, headRepository: "mallory/octo-repo"));
        var item = (await harness.Server.WaitForFinishedAsync(1)).Single();
        var text = await harness.LogTextAsync(item.RunId!.Value);

        item.State.ShouldBe(QueueState.Succeeded);
        text.ShouldContain("token=[none]");
        text.ShouldContain("length 0");
    }
}
