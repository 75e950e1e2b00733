namespace Sluice.Cli.Tests.Commands;

/// <summary>Sluice's own credentials in its environment (a server's GitHub token, an agent's token, a database URL) never reach a step.</summary>
public sealed class RunCredentialsTests : IDisposable
{
    private readonly RunFixture fixture = new();

    [Fact]
    public async Task Run_SluiceCredentialsInItsEnvironment_AreNotInheritedByStepsWhileOtherVariablesAre()
    {
        fixture.WritePipeline("""
            name: ci
            on: [push]
            jobs:
              probe:
                steps:
                  - run: env | sort
                  - run: /usr/bin/env
            """);
        var environment = new Dictionary<string, string>
        {
            ["SLUICE_GITHUB_TOKEN"] = "ghp_server_token_value",
            ["SLUICE_WEBHOOK_SECRET"] = "webhook-secret-value",
            ["SLUICE_AGENT_TOKEN"] = "agent-token-value",
            ["SLUICE_API_TOKEN"] = "api-token-value",
            ["SLUICE_DATABASE"] = "postgres://sluice:db-password-value@db/sluice",
            ["SLUICE_REPO_ACME_SHOP_TOKEN"] = "repo-token-value",
            ["PLAIN_VARIABLE"] = "plain-value",
        };

        using var process = fixture.Start(environment, "run");
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        process.ExitCode.ShouldBe(0, error);
        output.ShouldContain("PLAIN_VARIABLE=plain-value");
        foreach (var secret in environment.Where(v => v.Key != "PLAIN_VARIABLE"))
        {
            output.ShouldNotContain(secret.Key);
            output.ShouldNotContain(secret.Value);
        }
    }

    public void Dispose() => fixture.Dispose();
}
