using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

public class ExpressionParserTests
{
    [Theory]
    [InlineData("a || b && c", "(|| a (&& b c))")]
    [InlineData("a && b || c", "(|| (&& a b) c)")]
    [InlineData("a == b && c != d", "(&& (== a b) (!= c d))")]
    [InlineData("a < b == c >= d", "(== (< a b) (>= c d))")]
    [InlineData("!a == b", "(== (! a) b)")]
    [InlineData("!!a", "(! (! a))")]
    [InlineData("!(a || b)", "(! (|| a b))")]
    [InlineData("(a || b) && c", "(&& (|| a b) c)")]
    [InlineData("a == b == c", "(== (== a b) c)")]
    [InlineData("a <= b > c", "(> (<= a b) c)")]
    [InlineData("!a.b[0]", "(! a.b[0])")]
    public void Parse_Operators_FollowGitHubPrecedence(string text, string tree) =>
        ExprPrinter.Parse(text).ShouldBe(tree);

    [Fact]
    public void Parse_ChainOfOr_BuildsBalancedTreeInSourceOrder()
    {
        var root = ExpressionParser.Parse("a || b || c || d").Root.ShouldBeOfType<BinaryExpr>();

        ExprPrinter.Print(root).ShouldBe("(|| (|| a b) (|| c d))");
        root.Offset.ShouldBe(7); // the middle `||`
    }

    [Fact]
    public void Parse_LongChainOfAnd_StaysWithinDepthLimit()
    {
        var text = string.Join(" && ", Enumerable.Range(0, 500).Select(i => $"env.v{i}"));

        var parsed = ExpressionParser.Parse(text);

        parsed.Errors.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("null", "null")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("42", "42")]
    [InlineData("-9.25", "-9.25")]
    [InlineData("0xff", "255")]
    [InlineData("-0x10", "-16")]
    [InlineData("2e3", "2000")]
    [InlineData("-2.5E-1", "-0.25")]
    [InlineData("'it''s'", "'it's'")]
    [InlineData("''", "''")]
    [InlineData("'${{ x }}'", "'${{ x }}'")]
    public void Parse_Literals_ReadTheirValue(string text, string printed) =>
        ExprPrinter.Parse(text).ShouldBe(printed);

    [Theory]
    [InlineData("matrix.os", "matrix.os")]
    [InlineData("steps.my-step.outputs.x", "steps.my-step.outputs.x")]
    [InlineData("secrets['TOKEN']", "secrets['TOKEN']")]
    [InlineData("event.labels[0].name", "event.labels[0].name")]
    [InlineData("event.labels.*.name", "event.labels.*.name")]
    [InlineData("event.labels[*].name", "event.labels.*.name")]
    [InlineData("fromJSON(x).a", "fromJSON(x).a")]
    [InlineData("a.true.null", "a.true.null")]
    [InlineData("format('{0}', a, b[c == 1])", "format('{0}', a, b[(== c 1)])")]
    [InlineData("always()", "always()")]
    public void Parse_AccessAndCalls_BuildExpectedTree(string text, string printed) =>
        ExprPrinter.Parse(text).ShouldBe(printed);

    [Fact]
    public void Parse_Nodes_CarryOffsetsOfTheirTokens()
    {
        var root = ExpressionParser.Parse("  inputs.x == 'y'").Root.ShouldBeOfType<BinaryExpr>();

        root.Offset.ShouldBe(11);
        var property = root.Left.ShouldBeOfType<PropertyExpr>();
        property.Offset.ShouldBe(9);
        property.Target.ShouldBeOfType<ContextExpr>().Offset.ShouldBe(2);
        root.Right.Offset.ShouldBe(14);
    }

    [Theory]
    [InlineData("a = b", 2, "`=` is not an operator", "did you mean `==`?")]
    [InlineData("a & b", 2, "`&` is not an operator", "did you mean `&&`?")]
    [InlineData("a | b", 2, "`|` is not an operator", "did you mean `||`?")]
    [InlineData("a <> b", 2, "`<>` is not an operator", "did you mean `!=`?")]
    [InlineData("x == \"main\"", 5, "strings use single quotes", "write 'main'")]
    [InlineData("x == 'main", 5, "unterminated string", "close the string with `'`")]
    [InlineData("a b", 2, "unexpected `b` after the end of the expression", "`&&` or `||`")]
    [InlineData("a and b", 2, "unexpected `and`", "did you mean `&&`?")]
    [InlineData("a or b", 2, "unexpected `or`", "did you mean `||`?")]
    [InlineData("not a", 0, "`not` is not an operator", "did you mean `!`?")]
    [InlineData("a)", 1, "unmatched `)`", "add the missing `(`")]
    [InlineData("(a", 2, "expected `)` to close the `(` at offset 0", "add `)`")]
    [InlineData("a[0", 3, "expected `]` to close the `[` at offset 1", "add `]`")]
    [InlineData("a &&", 4, "expected a value but found the end of the expression", "ends after `&&`")]
    [InlineData("== a", 0, "expected a value but found `==`", "needs a value on each side")]
    [InlineData("f(a,)", 4, "expected a value but found `)`", "a value is missing before `)`")]
    [InlineData("f(a b)", 4, "expected `,` or `)` in the call to `f`", "separate arguments with `,`")]
    [InlineData("f(a", 3, "expected `,` or `)` in the call to `f` but found the end", "close the call to `f` with `)`")]
    [InlineData("a.", 2, "expected a property name after `.`", "write a name after `.`")]
    [InlineData("a.0", 2, "expected a property name after `.`", "items[0]")]
    [InlineData("12abc", 0, "`12abc` is not a number", "0xff")]
    [InlineData("0x", 0, "`0x` is not a number", null)]
    [InlineData("a + 1", 2, "unexpected character `+`", "arithmetic is not supported")]
    [InlineData("${{ a }}", 0, "unexpected character `$`", "cannot be nested")]
    [InlineData("a ? b : c", 2, "unexpected character `?`", "cond && a || b")]
    [InlineData("   ", 0, "empty expression", "success()")]
    [InlineData("*", 0, "expected a value but found `*`", "`*` filters only after `.`")]
    public void Parse_Mistake_ReportsSL1301WithOffsetAndHint(string text, int offset, string message, string? hint)
    {
        var parsed = ExpressionParser.Parse(text);

        parsed.Root.ShouldBeNull();
        var error = parsed.Errors[0];
        error.Code.ShouldBe("SL1301");
        error.Offset.ShouldBe(offset);
        error.Message.ShouldContain(message);
        if (hint is not null)
        {
            error.Hint.ShouldNotBeNull().ShouldContain(hint);
        }
    }

    [Fact]
    public void Parse_SeveralLexicalMistakes_ReportsEveryOneInOrder()
    {
        var parsed = ExpressionParser.Parse("a = \"x\" & b = 'y");

        parsed.Errors.Select(e => e.Offset).ShouldBe([2, 4, 8, 12, 14]);
        parsed.Errors.ShouldAllBe(e => e.Code == "SL1301");
    }

    [Fact]
    public void Parse_SyntaxErrorThenLexicalError_ReportsBoth()
    {
        var parsed = ExpressionParser.Parse("a b == \"c\"");

        parsed.Errors.Select(e => e.Offset).ShouldBe([2, 7]);
    }

    [Fact]
    public void Parse_DeepParentheses_ReportsDepthErrorWithoutOverflow()
    {
        var text = new string('(', 10_000) + "a" + new string(')', 10_000);

        var parsed = ExpressionParser.Parse(text);

        parsed.Root.ShouldBeNull();
        parsed.Errors.ShouldHaveSingleItem().Message.ShouldContain("nests too deeply");
        parsed.Errors[0].Offset.ShouldBe(ExpressionParser.MaxDepth);
    }

    [Theory]
    [InlineData("!", 30_000, "a")]
    [InlineData("a.b", 1, ".c", 5_000)]
    [InlineData("a", 1, " == a", 5_000)]
    [InlineData("f(", 10_000, "")]
    [InlineData("a[", 10_000, "")]
    public void Parse_PathologicalRepetition_ReportsDepthError(string head, int times, string tail, int tailTimes = 1)
    {
        var text = string.Concat(Enumerable.Repeat(head, times)) + string.Concat(Enumerable.Repeat(tail, tailTimes));

        var parsed = ExpressionParser.Parse(text);

        parsed.Root.ShouldBeNull();
        parsed.Errors.ShouldContain(e => e.Message.Contains("nests too deeply"));
    }

    [Fact]
    public void Parse_MaximumNesting_IsAccepted()
    {
        var depth = ExpressionParser.MaxDepth - 1;
        var text = new string('(', depth) + "a" + new string(')', depth);

        ExpressionParser.Parse(text).Errors.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_HugeInput_IsRefusedWithOneError()
    {
        var text = "a || " + new string(' ', ExpressionParser.MaxLength);

        var parsed = ExpressionParser.Parse(text);

        parsed.Errors.ShouldHaveSingleItem().Message.ShouldContain("too long");
        parsed.Errors[0].Offset.ShouldBe(ExpressionParser.MaxLength);
    }

    [Fact]
    public void Parse_ManyBadCharacters_CapsTheErrorCount()
    {
        var parsed = ExpressionParser.Parse(new string('#', 1_000));

        parsed.Errors.Count.ShouldBe(ExpressionParser.MaxErrors);
    }

    [Fact]
    public void Parse_OnlyBadCharacters_ReportsThemAndNotEmptiness()
    {
        var parsed = ExpressionParser.Parse(" # ");

        parsed.Errors.ShouldHaveSingleItem().Message.ShouldBe("unexpected character `#`");
        parsed.Errors[0].Hint.ShouldBe("expressions have no comments");
    }

    [Fact]
    public void ExpressionError_Shift_MovesOffset()
    {
        new ExpressionError("SL1301", "m", 3).Shift(10).Offset.ShouldBe(13);
    }
}
