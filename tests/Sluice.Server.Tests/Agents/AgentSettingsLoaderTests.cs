using Sluice.Server.Config;
using Sluice.Server.Tests.Support;

namespace Sluice.Server.Tests.Agents;

/// <summary>The <c>agents:</c> section of the server configuration switches agent mode on; without it nothing changes.</summary>
public sealed class AgentSettingsLoaderTests : IDisposable
{
    private readonly TempDirectory temp = new();

    public void Dispose() => temp.Dispose();

    [Fact]
    public void Load_AgentsSection_ReadsTokensCapacityLabelsAndLeaseRules()
    {
        var file = Write("""
            agents:
              tokens:
                build-1: ${BUILD_TOKEN}
              local-capacity: 2
              labels: [linux, x64]
              lease: 30s
              sweep-interval: 2s
              pickup-limit: 5m
              retries: 3
            """);
        var env = new Dictionary<string, string> { ["BUILD_TOKEN"] = "token-from-the-environment", ["SLUICE_AGENT_TOKEN"] = "another-token-0123456789" };

        var result = ConfigLoader.Load(file, n => env.GetValueOrDefault(n), temp.Path);
        var agents = result.Config!.Agents!;

        result.Errors.ShouldBeEmpty();
        agents.Tokens.ShouldBe(new Dictionary<string, string> { ["build-1"] = "token-from-the-environment", ["env"] = "another-token-0123456789" });
        agents.LocalCapacity.ShouldBe(2);
        agents.Labels.ShouldBe(["linux", "x64"]);
        agents.Lease.ShouldBe(TimeSpan.FromSeconds(30));
        agents.SweepInterval.ShouldBe(TimeSpan.FromSeconds(2));
        agents.PickupLimit.ShouldBe(TimeSpan.FromMinutes(5));
        agents.RetryBudget.ShouldBe(3);
        result.Config.ToString().ShouldNotContain("token-from-the-environment");
    }

    [Fact]
    public void Load_WithoutAgentsSection_AgentModeIsOff()
    {
        var result = ConfigLoader.Load(Write("listen: http://127.0.0.1:9000\n"), _ => null, temp.Path);

        result.Config!.Agents.ShouldBeNull();
    }

    [Fact]
    public void Load_ShortTokenOrBadLease_AreErrors()
    {
        var result = ConfigLoader.Load(Write("agents:\n  tokens:\n    a: short\n  lease: soon\n"), _ => null, temp.Path);

        result.Config.ShouldBeNull();
        result.Errors.ShouldContain("agents: every token must be at least 16 characters long");
        result.Errors.ShouldContain("agents: lease: `soon` is not a duration such as 60s");
    }

    private string Write(string yaml)
    {
        var path = Path.Combine(temp.Path, "sluice.yml");
        File.WriteAllText(path, yaml);
        return path;
    }
}
