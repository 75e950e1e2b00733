using Sluice.Core.Expressions;
using static Sluice.Core.Tests.Expressions.TestContext;

namespace Sluice.Core.Tests.Expressions;

public class ConditionAndRenderTests
{
    private static readonly DictionaryExpressionContext Failed = Standard.WithStatus(new JobStatus(Failed: true, Cancelled: false));

    [Theory]
    [InlineData("matrix.os == 'linux'", true)]
    [InlineData("${{ matrix.os == 'linux' }}", true)]
    [InlineData("  ${{ matrix.os == 'windows' }}  ", false)]
    [InlineData("env.NAME", true)]
    [InlineData("env.EMPTY", false)]
    [InlineData("inputs.zero", false)]
    [InlineData("'false'", true)]
    [InlineData("", true)]
    [InlineData("   ", true)]
    [InlineData("${{ }}", true)]
    public void EvaluateCondition_WhenJobIsFine_IsTruthinessOfTheExpression(string condition, bool expected)
    {
        var result = ExpressionEvaluator.EvaluateCondition(condition, Standard);

        result.Error.ShouldBeNull();
        result.Value.ShouldBe(ExprValue.FromBoolean(expected));
    }

    [Theory]
    [InlineData("matrix.os == 'linux'", false)] // implicit success() && (...)
    [InlineData("", false)]
    [InlineData("true", false)]
    [InlineData("always()", true)]
    [InlineData("failure()", true)]
    [InlineData("failure() && matrix.os == 'windows'", false)]
    [InlineData("${{ always() && env.NAME }}", true)]
    [InlineData("!cancelled()", true)]
    [InlineData("success() || inputs.dry-run", true)]
    [InlineData("contains(format('{0}', always()), 'true')", true)]
    public void EvaluateCondition_AfterFailure_RunsOnlyWithStatusFunctions(string condition, bool expected) =>
        ExpressionEvaluator.EvaluateCondition(condition, Failed).Value.ShouldBe(ExprValue.FromBoolean(expected));

    [Fact]
    public void EvaluateCondition_WhenCancelled_OnlyAlwaysAndCancelledRun()
    {
        var cancelled = Standard.WithStatus(new JobStatus(Failed: false, Cancelled: true));

        ExpressionEvaluator.EvaluateCondition("true", cancelled).Value.ShouldBe(ExprValue.False);
        ExpressionEvaluator.EvaluateCondition("failure()", cancelled).Value.ShouldBe(ExprValue.False);
        ExpressionEvaluator.EvaluateCondition("cancelled()", cancelled).Value.ShouldBe(ExprValue.True);
        ExpressionEvaluator.EvaluateCondition("always()", cancelled).Value.ShouldBe(ExprValue.True);
    }

    [Theory]
    [InlineData("a = b", "`=` is not an operator (at offset 2; did you mean `==`?)")]
    [InlineData("${{ a = b }}", "`=` is not an operator (at offset 6; did you mean `==`?)")]
    [InlineData("${{ a ", "`${{` is not closed by `}}` (at offset 0; end the expression with `}}`)")]
    [InlineData("${{ a }} && ${{ b }}", "the condition mixes text with `${{ }}`")]
    [InlineData("x ${{ a }}", "the condition mixes text with `${{ }}`")]
    [InlineData("fromJSON('x')", "fromJSON(): 'x' is not valid JSON")]
    public void EvaluateCondition_Problem_IsFalseWithError(string condition, string error)
    {
        var result = ExpressionEvaluator.EvaluateCondition(condition, Standard);

        result.Value.ShouldBe(ExprValue.False);
        result.Error.ShouldNotBeNull().ShouldStartWith(error);
    }

    [Theory]
    [InlineData("v${{ inputs.version }}-${{ matrix.os }}", "v1.2.0-linux")]
    [InlineData("no expressions", "no expressions")]
    [InlineData("${{ matrix.missing }}|${{ null }}", "|")]
    [InlineData("${{ inputs.dry-run }} ${{ false }}", "true false")]
    [InlineData("${{ 3 }} ${{ 0.5 }} ${{ -2.0 }} ${{ 1e21 }} ${{ 0x10 }}", "3 0.5 -2 1E+21 16")]
    [InlineData("${{ matrix.python }}", "3.12")]
    [InlineData("${{ matrix.flags }}", "[\"a\",\"b\"]")]
    [InlineData("${{ needs.build }}", "{\"result\":\"success\",\"outputs\":{\"image\":\"app:1\"}}")]
    [InlineData("${{ format('{{x}}') }}", "{x}")]
    [InlineData("${{ '}}' }}", "}}")]
    [InlineData("${{ env.NAME == 'world' && 'yes' || 'no' }}", "yes")]
    public void Render_Template_InterpolatesValuesAsText(string raw, string expected)
    {
        var result = ExpressionEvaluator.Render(raw, Standard);

        result.Error.ShouldBeNull();
        result.Text.ShouldBe(expected);
    }

    [Fact]
    public void Render_FailingExpression_RendersEmptyAndReportsFirstError()
    {
        var result = ExpressionEvaluator.Render("a${{ fromJSON('x') }}b${{ c = }}d", Standard);

        result.Text.ShouldBe("abd");
        result.Error.ShouldNotBeNull().ShouldStartWith("in `${{ fromJSON('x') }}`: fromJSON(): 'x' is not valid JSON");
    }

    [Fact]
    public void Render_SyntaxError_ReportsOffsetInTheTemplate()
    {
        var result = ExpressionEvaluator.Render("ab${{ c = d }}", Standard);

        result.Text.ShouldBe("ab");
        result.Error.ShouldBe("`=` is not an operator (at offset 8; did you mean `==`?)");
    }

    [Fact]
    public void Render_UnclosedExpression_ReturnsTextUnchangedWithError()
    {
        var result = ExpressionEvaluator.Render("ab${{ c", Standard);

        result.Text.ShouldBe("ab${{ c");
        result.Error.ShouldNotBeNull().ShouldContain("offset 2");
    }
}
