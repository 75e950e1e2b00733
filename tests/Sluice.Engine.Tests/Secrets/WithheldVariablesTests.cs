using System.Collections;
using Sluice.Engine.Secrets;

namespace Sluice.Engine.Tests.Secrets;

/// <summary>Which of the engine's own environment variables a step inherits.</summary>
public sealed class WithheldVariablesTests
{
    [Theory]
    [InlineData("SLUICE_AGENT_TOKEN")]
    [InlineData("SLUICE_API_TOKEN")]
    [InlineData("SLUICE_DATABASE")]
    [InlineData("SLUICE_GITHUB_TOKEN")]
    [InlineData("SLUICE_WEBHOOK_SECRET")]
    [InlineData("SLUICE_REPO_ACME_SHOP_TOKEN")]
    [InlineData("SLUICE_REPO_ACME_SHOP_WEBHOOK_SECRET")]
    public void IsWithheld_SluiceCredentials_AreWithheld(string name) => WithheldVariables.IsWithheld(name).ShouldBeTrue();

    [Theory]
    [InlineData("PATH")]
    [InlineData("GITHUB_TOKEN")]
    [InlineData("SLUICE_DIRECT_EXEC")]
    [InlineData("SLUICE_STATE_DIR")]
    [InlineData("sluice_database")]
    public void IsWithheld_OtherVariables_AreInherited(string name) => WithheldVariables.IsWithheld(name).ShouldBeFalse();

    [Fact]
    public void Inheritable_DropsOnlyTheCredentials()
    {
        var process = new Hashtable { ["PATH"] = "/usr/bin", ["SLUICE_GITHUB_TOKEN"] = "ghp_x", ["SLUICE_REPO_A_B_TOKEN"] = "t", ["HOME"] = "/root" };

        var inherited = WithheldVariables.Inheritable(process);

        inherited.Keys.Order(StringComparer.Ordinal).ShouldBe(["HOME", "PATH"]);
        inherited["PATH"].ShouldBe("/usr/bin");
    }
}
