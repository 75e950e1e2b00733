namespace Sluice.Cli.Tests.Commands;

/// <summary><c>sluice agent</c>'s usage: help and exit code 2 for wrong use (the protocol itself is tested against a real server in Sluice.Server.Tests/Agents).</summary>
public sealed class AgentCommandTests
{
    [Fact]
    public async Task Agent_Help_ListsItsOptions()
    {
        var (exit, output, _) = await CliRunner.RunAsync("agent", "--help");

        exit.ShouldBe(0);
        foreach (var option in new[] { "--server", "--token", "--labels", "--capacity", "--once", "--name", "--data-dir" })
        {
            output.ShouldContain(option);
        }
    }

    [Fact]
    public async Task Agent_WithoutAToken_Exits2()
    {
        Environment.GetEnvironmentVariable("SLUICE_AGENT_TOKEN").ShouldBeNull();

        var (exit, _, error) = await CliRunner.RunAsync("agent", "--server", "http://127.0.0.1:9");

        exit.ShouldBe(2);
        error.ShouldContain("--token or SLUICE_AGENT_TOKEN");
    }

    [Theory]
    [InlineData("not a url")]
    [InlineData("ftp://example.com")]
    public async Task Agent_ServerIsNotAnHttpUrl_Exits2(string server)
    {
        var (exit, _, error) = await CliRunner.RunAsync("agent", "--server", server, "--token", "some-token-0123456789");

        exit.ShouldBe(2);
        error.ShouldContain("--server must be an http(s) URL");
    }

    [Fact]
    public async Task Agent_CapacityBelowOne_Exits2()
    {
        var (exit, _, error) = await CliRunner.RunAsync("agent", "--server", "http://127.0.0.1:9", "--token", "some-token-0123456789", "--capacity", "0");

        exit.ShouldBe(2);
        error.ShouldContain("--capacity must be at least 1");
    }
}
