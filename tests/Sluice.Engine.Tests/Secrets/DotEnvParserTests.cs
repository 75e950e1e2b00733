using Sluice.Engine.Secrets;

namespace Sluice.Engine.Tests.Secrets;

public sealed class DotEnvParserTests
{
    [Fact]
    public void Parse_CommonForms_ReadsValues()
    {
        var result = DotEnvParser.Parse("""
            # comment
            PLAIN=value
            export EXPORTED=yes
            SPACED = trimmed value # comment
            SINGLE='lit $eral # kept'
            DOUBLE="a\nb"
            PEM="-----BEGIN-----
            body
            -----END-----"
            """);

        result.Errors.ShouldBeEmpty();
        result.Values["PLAIN"].ShouldBe("value");
        result.Values["EXPORTED"].ShouldBe("yes");
        result.Values["SPACED"].ShouldBe("trimmed value");
        result.Values["SINGLE"].ShouldBe("lit $eral # kept");
        result.Values["DOUBLE"].ShouldBe("a\nb");
        result.Values["PEM"].ShouldBe("-----BEGIN-----\nbody\n-----END-----");
    }

    [Fact]
    public void Parse_BadLines_ReportsErrorsWithoutValues()
    {
        var result = DotEnvParser.Parse("no-equals-sign\n1BAD=secret-value\nOPEN=\"never closed");

        result.Errors.Count.ShouldBe(3);
        result.Errors.ShouldAllBe(e => !e.Contains("secret-value") && !e.Contains("never closed"));
        result.Values.ShouldBeEmpty();
    }
}
