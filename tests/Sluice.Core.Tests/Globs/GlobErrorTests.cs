using Sluice.Core.Globs;

namespace Sluice.Core.Tests.Globs;

public class GlobErrorTests
{
    [Theory]
    [InlineData("", "empty pattern")]
    [InlineData("./", "empty pattern")]
    [InlineData("!", "`!` must be followed by a pattern")]
    [InlineData("***", "`***` is not a valid wildcard; use `*` within a directory or `**` for any depth")]
    [InlineData("src/****/a", "`***` is not a valid wildcard; use `*` within a directory or `**` for any depth")]
    [InlineData("{a,b", "unclosed `{` at position 1; alternatives are written `{a,b}`")]
    [InlineData("!{a,b", "unclosed `{` at position 2; alternatives are written `{a,b}`")]
    [InlineData("src/{a,{b}", "unclosed `{` at position 5; alternatives are written `{a,b}`")]
    [InlineData("a}", "unmatched `}` at position 2; write `\\}` for a literal brace")]
    [InlineData("{a,b}}", "unmatched `}` at position 6; write `\\}` for a literal brace")]
    [InlineData("[ab", "unclosed `[` at position 1; a character class is written `[abc]` or `[a-z]`")]
    [InlineData("x[\\]", "unclosed `[` at position 2; a character class is written `[abc]` or `[a-z]`")]
    [InlineData("{[a,b}", "unclosed `[` at position 2; a character class is written `[abc]` or `[a-z]`")]
    [InlineData("[]", "empty character class `[]`; to match `]` write `[\\]]`")]
    [InlineData("[!]", "empty character class `[!]`; to match `]` write `[\\]]`")]
    [InlineData("[z-a]", "reversed range `z-a` in `[z-a]`; write the smaller character first")]
    [InlineData("[/]", "`[/]` can never match: character classes do not match `/`")]
    [InlineData("a\\", "pattern ends with an escape `\\`; write `\\\\` for a literal backslash")]
    [InlineData("/src/**", "`/src/**` starts with `/`; patterns are relative to the repository root, so drop the leading `/`")]
    [InlineData("!/src/**", "`!/src/**` starts with `/`; patterns are relative to the repository root, so drop the leading `/`")]
    [InlineData("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}", "braces expand to more than 1024 alternatives")]
    public void TryParse_InvalidPattern_ReportsPreciseError(string pattern, string expected)
    {
        Glob.TryParse(pattern, out var glob, out var error).ShouldBeFalse();
        glob.ShouldBeNull();
        error.ShouldBe(expected);
    }

    [Theory]
    [InlineData("{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}{a,b}")]
    [InlineData("**")]
    [InlineData("a\\}")]
    [InlineData("[a-a]")]
    public void TryParse_ValidEdgeCases_Succeed(string pattern) =>
        Glob.TryParse(pattern, out _, out var error).ShouldBeTrue(error);

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheError() =>
        Should.Throw<FormatException>(() => Glob.Parse("src/***"))
            .Message.ShouldBe("invalid glob `src/***`: `***` is not a valid wildcard; use `*` within a directory or `**` for any depth");

    [Fact]
    public void TryParse_Null_Throws() => Should.Throw<ArgumentNullException>(() => Glob.TryParse(null!, out _, out _));
}
