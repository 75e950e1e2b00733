using System.Diagnostics;
using Sluice.Engine.State;

namespace Sluice.Engine.Tests.State;

public sealed class ProcessLivenessTests
{
    [Fact]
    public void CurrentOwner_IsHostPidAndStartTime_AndAlive()
    {
        var owner = ProcessLiveness.CurrentOwner();

        owner.ShouldStartWith($"{Environment.MachineName}:{Environment.ProcessId}:");
        long.Parse(owner.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        ProcessLiveness.IsAlive(owner).ShouldBeTrue();
    }

    [Fact]
    public void IsAlive_ChildThatExited_IsDead()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var owner = ProcessLiveness.OwnerOf(child.Id).ShouldNotBeNull();
        var aliveBefore = ProcessLiveness.IsAlive(owner);

        child.Kill();
        child.WaitForExit();

        aliveBefore.ShouldBeTrue();
        ProcessLiveness.IsAlive(owner).ShouldBeFalse();
        ProcessLiveness.OwnerOf(child.Id).ShouldBeNull();
    }

    [Fact]
    public void IsAlive_ChildThatFinishedOnItsOwn_IsDead()
    {
        using var child = Process.Start(new ProcessStartInfo("sh", ["-c", "read line"]) { RedirectStandardInput = true })!;
        var owner = ProcessLiveness.OwnerOf(child.Id).ShouldNotBeNull();

        child.StandardInput.Close();
        child.WaitForExit();

        ProcessLiveness.IsAlive(owner).ShouldBeFalse();
    }

    [Fact]
    public void IsAlive_SamePidWithAnotherStartTime_IsDead_BecauseThePidWasRecycled()
    {
        var current = ProcessLiveness.CurrentOwner();
        var start = long.Parse(current.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture);

        ProcessLiveness.IsAlive($"{Environment.MachineName}:{Environment.ProcessId}:{start + 1}").ShouldBeFalse();
    }

    [Fact]
    public void IsAlive_AnotherHost_IsAssumedAlive()
    {
        ProcessLiveness.IsAlive("some-other-host.example:1:1").ShouldBeTrue();
    }

    [Fact]
    public void IsAlive_ShortHostPidForm_ChecksExistenceOnly()
    {
        ProcessLiveness.IsAlive($"{Environment.MachineName}:{Environment.ProcessId}").ShouldBeTrue();
        ProcessLiveness.IsAlive($"{Environment.MachineName}:{int.MaxValue}").ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("host:abc:def")]
    public void IsAlive_UnreadableOwner_IsAssumedAlive(string owner)
    {
        ProcessLiveness.IsAlive(owner).ShouldBeTrue();
    }
}
