using System.Diagnostics;
using Sluice.Core.Globs;

namespace Sluice.Core.Tests.Globs;

public class GlobMatchTests
{
    [Theory]
    [InlineData("*", "main", true)]
    [InlineData("*", "feature/login", false)]
    [InlineData("*.cs", "a.cs", true)]
    [InlineData("*.cs", ".cs", true)]
    [InlineData("*.cs", "src/a.cs", false)]
    [InlineData("feature/*", "feature/login", true)]
    [InlineData("feature/*", "feature/a/b", false)]
    [InlineData("src/*.cs", "src/a.cs", true)]
    [InlineData("src/*.cs", "src/x/a.cs", false)]
    public void Star_MatchesWithinOneSegment(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("**", "a", true)]
    [InlineData("**", "a/b/c", true)]
    [InlineData("**/*.cs", "a.cs", true)]
    [InlineData("**/*.cs", "src/a.cs", true)]
    [InlineData("**/*.cs", "src/x/y/a.cs", true)]
    [InlineData("**/*.cs", "src/a.csx", false)]
    [InlineData("src/**", "src/a", true)]
    [InlineData("src/**", "src/a/b/c", true)]
    [InlineData("src/**", "src", false)]
    [InlineData("src/**", "srcx/a", false)]
    [InlineData("a/**/b", "a/b", true)]
    [InlineData("a/**/b", "a/x/b", true)]
    [InlineData("a/**/b", "a/x/y/b", true)]
    [InlineData("a/**/b", "a/xb", false)]
    [InlineData("a/**/b", "ab", false)]
    [InlineData("a/**/b", "a/b/c", false)]
    [InlineData("**/node_modules/**", "node_modules/x", true)]
    [InlineData("**/node_modules/**", "web/node_modules/left-pad/index.js", true)]
    [InlineData("src/**/test/*.cs", "src/test/a.cs", true)]
    [InlineData("src/**/test/*.cs", "src/core/test/a.cs", true)]
    [InlineData("src/**/test/*.cs", "src/core/test/deep/a.cs", false)]
    [InlineData("a**b", "a/x/b", true)]
    [InlineData("a**b", "ab", true)]
    [InlineData("release/**", "release/1.0", true)]
    public void DoubleStar_MatchesAcrossSegments(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("v?.?", "v1.2", true)]
    [InlineData("v?.?", "v10.2", false)]
    [InlineData("v?.?", "v.2", false)]
    [InlineData("a?b", "a/b", false)]
    public void QuestionMark_MatchesOneCharacterExceptSlash(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("*.{cs,csproj}", "a.cs", true)]
    [InlineData("*.{cs,csproj}", "a.csproj", true)]
    [InlineData("*.{cs,csproj}", "a.c", false)]
    [InlineData("{src,test}/**", "src/a", true)]
    [InlineData("{src,test}/**", "test/b/c", true)]
    [InlineData("{src,test}/**", "docs/a", false)]
    [InlineData("{a,b{c,d}}.txt", "a.txt", true)]
    [InlineData("{a,b{c,d}}.txt", "bc.txt", true)]
    [InlineData("{a,b{c,d}}.txt", "bd.txt", true)]
    [InlineData("{a,b{c,d}}.txt", "b.txt", false)]
    [InlineData("{a,{b,{c,d}}}", "d", true)]
    [InlineData("src/{**/,}*.cs", "src/a.cs", true)]
    [InlineData("src/{**/,}*.cs", "src/x/y/a.cs", true)]
    [InlineData("{**/,}x", "x", true)]
    [InlineData("{**/,}x", "a/b/x", true)]
    [InlineData("{docs/,src/}", "docs/a/b.md", true)]
    [InlineData("{docs/,src/}", "lib/a", false)]
    [InlineData("a{}b", "ab", true)]
    [InlineData("{,x}y", "y", true)]
    [InlineData("{,x}y", "xy", true)]
    [InlineData("a,b", "a,b", true)]
    [InlineData("{a,a,a}", "a", true)]
    public void Braces_MatchAnyAlternative(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("[abc].txt", "a.txt", true)]
    [InlineData("[abc].txt", "d.txt", false)]
    [InlineData("[a-z]*", "x1", true)]
    [InlineData("[a-z]*", "X1", false)]
    [InlineData("file[0-9][0-9].log", "file42.log", true)]
    [InlineData("file[0-9][0-9].log", "file4.log", false)]
    [InlineData("[!a]b", "cb", true)]
    [InlineData("[!a]b", "ab", false)]
    [InlineData("[!a]b", "/b", false)]
    [InlineData("[^a]b", "cb", true)]
    [InlineData("[^a]b", "ab", false)]
    [InlineData("[a-]", "-", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("[\\!a]", "!", true)]
    [InlineData("[{,}]", ",", true)]
    [InlineData("[{,}]", "}", true)]
    [InlineData("x[.-0]y", "x.y", true)]
    [InlineData("x[.-0]y", "x0y", true)]
    [InlineData("x[.-0]y", "x/y", false)]
    [InlineData("x[a/]y", "x/y", false)]
    [InlineData("[*?]", "*", true)]
    [InlineData("[*?]", "a", false)]
    public void CharacterClass_MatchesOneCharacterOfTheClass(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("a\\?", "a?", true)]
    [InlineData("a\\?", "ab", false)]
    [InlineData("\\{a,b\\}", "{a,b}", true)]
    [InlineData("\\{a,b\\}", "a", false)]
    [InlineData("\\[x]", "[x]", true)]
    [InlineData("\\!important", "!important", true)]
    [InlineData("a\\\\b", "a\\b", true)]
    [InlineData("\\a", "a", true)]
    public void Backslash_EscapesTheNextCharacter(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("docs/", "docs/a.md", true)]
    [InlineData("docs/", "docs/x/y.md", true)]
    [InlineData("docs/", "docs", false)]
    [InlineData("docs/", "docsx/a.md", false)]
    [InlineData("docs/", "src/docs/a.md", false)]
    [InlineData("**/bin/", "bin/x", true)]
    [InlineData("**/bin/", "a/bin/x/y", true)]
    [InlineData("**/bin/", "a/binx/y", false)]
    public void TrailingSlash_MatchesEverythingUnderTheDirectory(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("*.CS", "a.cs", false)]
    [InlineData("Main", "main", false)]
    [InlineData("src", "src/a", false)]
    [InlineData("src", "a/src", false)]
    [InlineData("a.b", "axb", false)]
    [InlineData("a+b(c)^$|.txt", "a+b(c)^$|.txt", true)]
    [InlineData("my file.txt", "my file.txt", true)]
    [InlineData("#notes", "#notes", true)]
    [InlineData("ü*", "übung", true)]
    public void Matching_IsLiteralCaseSensitiveAndAnchored(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Theory]
    [InlineData("./src/*.cs", "src/a.cs", true)]
    [InlineData("src/*.cs", "./src/a.cs", true)]
    [InlineData("./src/*.cs", "./src/a.cs", true)]
    public void LeadingDotSlash_IsIgnored(string pattern, string path, bool expected) =>
        Glob.Parse(pattern).IsMatch(path).ShouldBe(expected);

    [Fact]
    public void NegatedPattern_KeepsTextAndMatchesWithoutNegation()
    {
        var glob = Glob.Parse("!docs/**");

        glob.Negated.ShouldBeTrue();
        glob.Pattern.ShouldBe("!docs/**");
        glob.ToString().ShouldBe("!docs/**");
        glob.IsMatch("docs/a.md").ShouldBeTrue();
        glob.IsMatch("src/a.cs").ShouldBeFalse();
    }

    [Fact]
    public void EscapedBang_IsNotNegation() => Glob.Parse("\\!x").Negated.ShouldBeFalse();

    [Fact]
    public void PathologicalPattern_AnswersQuickly()
    {
        var glob = Glob.Parse("*a*a*a*a*a*a*a*a*a*a*a*a*b");
        var path = new string('a', 20_000);
        var clock = Stopwatch.StartNew();

        glob.IsMatch(path).ShouldBeFalse();

        clock.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void IsMatch_NullPath_Throws() => Should.Throw<ArgumentNullException>(() => Glob.Parse("*").IsMatch(null!));
}
