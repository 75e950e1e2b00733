using Sluice.Core.Releases.Commits;

namespace Sluice.Core.Tests.Releases;

public class RevertPairingTests
{
    private static ConventionalCommit C(string sha, string message) =>
        ConventionalCommitParser.Parse(new RawCommit(sha.PadRight(40, '0'), ["p"], message));

    [Fact]
    public void Apply_RevertInRange_DropsBoth()
    {
        var feat = C("aaaa111", "feat: risky");
        var fix = C("bbbb222", "fix: keep me");
        var revert = C("cccc333", $"Revert \"feat: risky\"\n\nThis reverts commit {feat.Sha}.");

        var (kept, dropped) = RevertPairing.Apply([revert, fix, feat]);

        kept.ShouldBe([fix]);
        dropped.ShouldBe([revert.Sha, feat.Sha]);
    }

    [Fact]
    public void Apply_RevertOfRevert_KeepsOriginal()
    {
        var feat = C("aaaa111", "feat: flaky");
        var revert = C("bbbb222", $"Revert \"feat: flaky\"\n\nThis reverts commit {feat.Sha}.");
        var reapply = C("cccc333", $"Revert \"Revert \"feat: flaky\"\"\n\nThis reverts commit {revert.Sha}.");

        var (kept, _) = RevertPairing.Apply([reapply, revert, feat]);

        kept.ShouldBe([feat]);
    }

    [Fact]
    public void Apply_RevertOfCommitBeforeRange_StaysListed()
    {
        var revert = C("cccc333", "Revert \"feat: shipped last time\"\n\nThis reverts commit 9999999999999999999999999999999999999999.");

        RevertPairing.Apply([revert]).Kept.ShouldBe([revert]);
    }

    [Fact]
    public void Apply_ConventionalRevertWithoutSha_PairsByHeader()
    {
        var feat = C("aaaa111", "feat(ui): dark mode");
        var revert = C("bbbb222", "revert: feat(ui): dark mode");

        RevertPairing.Apply([revert, feat]).Kept.ShouldBeEmpty();
    }

    [Fact]
    public void Apply_AbbreviatedSha_Matches()
    {
        var feat = C("abcdef1234", "feat: x");
        var revert = C("bbbb222", "revert: feat: x\n\nRefs: abcdef1");

        RevertPairing.Apply([revert, feat]).Dropped.Count.ShouldBe(2);
    }

    [Fact]
    public void Apply_TwoIdenticalHeaders_RevertTakesTheLatest()
    {
        var first = C("aaaa111", "fix: tweak");
        var second = C("bbbb222", "fix: tweak");
        var revert = C("cccc333", "revert: fix: tweak");

        RevertPairing.Apply([revert, second, first]).Kept.ShouldBe([first]);
    }

    [Fact]
    public void Apply_RevertRevertRevert_DropsEverything()
    {
        var feat = C("aaaa111", "feat: flaky");
        var r1 = C("bbbb222", $"Revert \"feat: flaky\"\n\nThis reverts commit {feat.Sha}.");
        var r2 = C("cccc333", $"Reapply \"feat: flaky\"\n\nThis reverts commit {r1.Sha}.");
        var r3 = C("dddd444", $"Revert \"Reapply \"feat: flaky\"\"\n\nThis reverts commit {r2.Sha}.");

        RevertPairing.Apply([r3, r2, r1, feat]).Kept.ShouldBeEmpty();
    }
}
