using Sluice.Engine.Execution;

namespace Sluice.Engine.Tests.Execution;

public sealed class CommandFileTests
{
    [Fact]
    public void Parse_KeyValueAndHeredoc_ReadsBoth()
    {
        var result = CommandFile.Parse("a=1\nurl=http://x?y=z\nnotes<<EOF\nline 1\n\nline 3\nEOF\na=2\n");

        result.Errors.ShouldBeEmpty();
        result.Values["a"].ShouldBe("2");
        result.Values["url"].ShouldBe("http://x?y=z");
        result.Values["notes"].ShouldBe("line 1\n\nline 3");
    }

    [Fact]
    public void Parse_MissingDelimiter_IsAnError()
    {
        var result = CommandFile.Parse("x<<END\nnever ends\n");

        result.Errors.Single().ShouldContain("`END`");
        result.Values.ContainsKey("x").ShouldBeFalse();
    }

    [Fact]
    public void Parse_LineWithoutSeparator_IsAnErrorThatDoesNotQuoteIt()
    {
        var result = CommandFile.Parse("just-some-text\nok=1");

        result.Errors.Single().ShouldNotContain("just-some-text");
        result.Values["ok"].ShouldBe("1");
    }
}
