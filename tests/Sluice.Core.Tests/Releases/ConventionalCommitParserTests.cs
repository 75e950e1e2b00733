using Sluice.Core.Releases.Commits;

namespace Sluice.Core.Tests.Releases;

public class ConventionalCommitParserTests
{
    private static ConventionalCommit Parse(string message, int parents = 1) =>
        ConventionalCommitParser.Parse(new RawCommit("0123456789abcdef0123456789abcdef01234567", Enumerable.Repeat("p", parents).ToList(), message));

    [Fact]
    public void Parse_TypeScopeDescription()
    {
        var c = Parse("feat(api): add the export endpoint\n");

        c.Type.ShouldBe("feat");
        c.Scope.ShouldBe("api");
        c.Description.ShouldBe("add the export endpoint");
        c.IsBreaking.ShouldBeFalse();
        c.ShortSha.ShouldBe("0123456");
    }

    [Theory]
    [InlineData("FEAT: shout")]
    [InlineData("Feat: title case")]
    [InlineData("fEaT(ui): mixed")]
    public void Parse_TypeIsCaseInsensitive(string header) => Parse(header).Type.ShouldBe("feat");

    [Fact]
    public void Parse_BangMarksBreaking()
    {
        var c = Parse("refactor(core)!: drop the v1 API");

        c.IsBreaking.ShouldBeTrue();
        c.BreakingNote.ShouldBeNull();
        c.Type.ShouldBe("refactor");
    }

    [Theory]
    [InlineData("BREAKING CHANGE: config keys renamed")]
    [InlineData("BREAKING-CHANGE: config keys renamed")]
    public void Parse_BreakingFooter_BothSpellings(string footer)
    {
        var c = Parse($"feat: new config\n\nSome body text.\n\n{footer}\nRefs: #12");

        c.IsBreaking.ShouldBeTrue();
        c.BreakingNote.ShouldBe("config keys renamed");
        c.Body.ShouldBe("Some body text.");
        c.Footers.Select(f => f.Token).ShouldBe([footer[..15], "Refs"]);
    }

    [Fact]
    public void Parse_LowercaseBreakingChange_IsNotAFooterToken() => Parse("fix: x\n\nbreaking change: no").IsBreaking.ShouldBeFalse();

    [Fact]
    public void Parse_MultiParagraphBody_KeepsParagraphsAndFindsFooters()
    {
        var c = Parse("fix(db): retry on deadlock\n\nFirst paragraph\nstill first.\n\nSecond paragraph.\n\nThird: not a footer because more text follows\nfor real.\n\nReviewed-by: Ana\nRefs #42\n");

        c.Body.ShouldBe("First paragraph\nstill first.\n\nSecond paragraph.\n\nThird: not a footer because more text follows\nfor real.");
        c.Footers.ShouldBe([new CommitFooter("Reviewed-by", "Ana"), new CommitFooter("Refs", "#42")]);
    }

    [Fact]
    public void Parse_MultiParagraphBreakingNote_StaysWhole()
    {
        var c = Parse("feat!: new storage\n\nBREAKING CHANGE: the database moves.\n\nRun the migration first.");

        c.BreakingNote.ShouldBe("the database moves.\n\nRun the migration first.");
    }

    [Theory]
    [InlineData("Update README")]
    [InlineData("feat:missing space")]
    [InlineData("feat(): empty scope")]
    [InlineData("feat: ")]
    [InlineData("1feat: digits first")]
    public void Parse_NonConventional_HasNoType(string header)
    {
        var c = Parse(header);

        c.IsConventional.ShouldBeFalse();
        c.Header.ShouldBe(header.Trim());
    }

    [Fact]
    public void Parse_GitRevert_NamesTargetByShaAndHeader()
    {
        var c = Parse("Revert \"feat(api): add export\"\n\nThis reverts commit 89abcdef0123456789abcdef0123456789abcdef.\n");

        c.Type.ShouldBe("revert");
        c.IsRevert.ShouldBeTrue();
        c.RevertsSha.ShouldBe("89abcdef0123456789abcdef0123456789abcdef");
        c.RevertsHeader.ShouldBe("feat(api): add export");
    }

    [Fact]
    public void Parse_ConventionalRevert_UsesRefsFooter()
    {
        var c = Parse("revert: feat(api): add export\n\nRefs: 89abcde");

        c.RevertsHeader.ShouldBe("feat(api): add export");
        c.RevertsSha.ShouldBe("89abcde");
    }

    [Fact]
    public void Parse_Reapply_RevertsTheRevert() => Parse("Reapply \"feat: x\"").RevertsHeader.ShouldBe("Revert \"feat: x\"");

    [Fact]
    public void Parse_Merge_IsFlagged() => Parse("Merge branch 'topic'", parents: 2).IsMerge.ShouldBeTrue();

    [Fact]
    public void Parse_CrLfMessages_AreNormalised() => Parse("fix: a\r\n\r\nBREAKING CHANGE: b\r\n").BreakingNote.ShouldBe("b");
}
