using Sluice.Core.Globs;

namespace Sluice.Core.Tests.Globs;

public class GlobListTests
{
    [Theory]
    [InlineData("src/a.cs", true)]
    [InlineData("src/gen/x.cs", false)]
    [InlineData("docs/a.md", false)]
    public void PositiveThenNegative_ExcludesTheNegatedPart(string path, bool expected) =>
        GlobList.Of("src/**", "!src/gen/**").IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("src/gen/keep.cs", true)]
    [InlineData("src/gen/other.cs", false)]
    [InlineData("src/a.cs", true)]
    public void LaterPattern_OverridesEarlierOnes(string path, bool expected) =>
        GlobList.Of("src/**", "!src/gen/**", "src/gen/keep.cs").IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("src/a.cs", true)]
    [InlineData("README.md", true)]
    [InlineData("docs/a.md", false)]
    [InlineData("docs/x/y.md", false)]
    public void StartingWithNegation_StartsFromEverything(string path, bool expected) =>
        GlobList.Of("!docs/**").IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("docs/api/x.md", true)]
    [InlineData("docs/guide.md", false)]
    [InlineData("src/y.cs", true)]
    public void StartingWithNegation_LaterPositiveAddsBack(string path, bool expected) =>
        GlobList.Of("!docs/**", "docs/api/**").IsMatch(path).ShouldBe(expected);

    [Fact]
    public void EmptyList_SelectsNothing() => new GlobList([]).IsMatch("anything").ShouldBeFalse();

    [Fact]
    public void EscapedBang_IsAPositiveLiteral()
    {
        var list = GlobList.Of("\\!x");
        list.IsMatch("!x").ShouldBeTrue();
        list.IsMatch("y").ShouldBeFalse();
    }

    [Fact]
    public void MatchesAny_TrueWhenOnePathIsSelected()
    {
        var list = GlobList.Of("src/**", "!**/*.md");
        list.MatchesAny(["docs/a.md", "src/readme.md", "src/a.cs"]).ShouldBeTrue();
        list.MatchesAny(["docs/a.md", "src/readme.md"]).ShouldBeFalse();
        list.MatchesAny([]).ShouldBeFalse();
    }

    [Fact]
    public void ToString_ListsPatternsAsWritten() =>
        GlobList.Of("src/**", "!src/gen/**").ToString().ShouldBe("src/**, !src/gen/**");

    [Fact]
    public void TryParse_AllValid_BuildsTheList()
    {
        GlobList.TryParse(["main", "release/*"], out var list, out var error).ShouldBeTrue(error);
        list.Patterns.Select(p => p.Pattern).ShouldBe(["main", "release/*"]);
        list.IsMatch("release/1.0").ShouldBeTrue();
    }

    [Fact]
    public void TryParse_InvalidPattern_NamesIt()
    {
        GlobList.TryParse(["main", "src/***", "{a"], out var list, out var error).ShouldBeFalse();
        list.ShouldBeNull();
        error.ShouldBe("`src/***`: `***` is not a valid wildcard; use `*` within a directory or `**` for any depth");
    }

    [Fact]
    public void Of_InvalidPattern_Throws() => Should.Throw<FormatException>(() => GlobList.Of("[z-a]"));
}
