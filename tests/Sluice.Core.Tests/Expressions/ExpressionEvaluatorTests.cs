using Sluice.Core.Expressions;
using static Sluice.Core.Tests.Expressions.TestContext;

namespace Sluice.Core.Tests.Expressions;

public class ExpressionEvaluatorTests
{
    [Theory]
    [InlineData("matrix.os", "\"linux\"")]
    [InlineData("MATRIX.OS", "\"linux\"")]
    [InlineData("matrix['os']", "\"linux\"")]
    [InlineData("matrix.flags[1]", "\"b\"")]
    [InlineData("matrix.flags['1']", "\"b\"")]
    [InlineData("matrix.flags[1.7]", "\"b\"")]
    [InlineData("matrix.flags[2]", "null")]
    [InlineData("matrix.flags[-1]", "null")]
    [InlineData("matrix.missing", "null")]
    [InlineData("matrix.missing.deeper[0].still", "null")]
    [InlineData("matrix.os.length", "null")]
    [InlineData("inputs.dry-run", "true")]
    [InlineData("needs.build.outputs.image", "\"app:1\"")]
    [InlineData("vars", "null")]
    [InlineData("matrix[matrix.flags]", "null")]
    public void Evaluate_Access_FollowsPropertiesAndIndexes(string expression, string json) =>
        EvalJson(expression).ShouldBe(json);

    [Theory]
    [InlineData("event.labels.*.name", "[\"bug\",\"ui\"]")]
    [InlineData("event.labels[*].id", "[1,2,3]")]
    [InlineData("event.labels.*", "[{\"name\":\"bug\",\"id\":1},{\"name\":\"ui\",\"id\":2},{\"id\":3}]")]
    [InlineData("event.teams.*.members", "[[\"x\",\"y\"],[\"z\"]]")]
    [InlineData("event.teams.*.members.*", "[\"x\",\"y\",\"z\"]")]
    [InlineData("event.teams.*.members[0]", "[\"x\",\"z\"]")]
    [InlineData("event.name.*", "[]")]
    [InlineData("event.labels.*.missing", "[]")]
    public void Evaluate_Wildcard_FiltersEveryItem(string expression, string json) =>
        EvalJson(expression).ShouldBe(json);

    [Theory]
    [InlineData("1 == 1", true)]
    [InlineData("1 != 1", false)]
    [InlineData("'ABC' == 'abc'", true)]
    [InlineData("'abc' != 'abd'", true)]
    [InlineData("null == null", true)]
    [InlineData("null == 0", true)]
    [InlineData("null == ''", true)]
    [InlineData("null == false", true)]
    [InlineData("null == 'null'", false)]
    [InlineData("true == 1", true)]
    [InlineData("false == 0", true)]
    [InlineData("true == 'true'", false)]
    [InlineData("'1' == 1", true)]
    [InlineData("' 1.5 ' == 1.5", true)]
    [InlineData("'0x10' == 16", true)]
    [InlineData("'' == 0", true)]
    [InlineData("'abc' == 0", false)]
    [InlineData("NaN == NaN", false)]
    [InlineData("NaN != NaN", true)]
    [InlineData("matrix.flags == matrix.flags", true)]
    [InlineData("fromJSON('[]') == fromJSON('[]')", false)]
    [InlineData("matrix == 'x'", false)]
    [InlineData("0x1F == 31", true)]
    [InlineData("1e2 == '100'", true)]
    public void Evaluate_Equality_UsesLooseCoercion(string expression, bool expected) =>
        Eval(expression).Value.ShouldBe(ExprValue.FromBoolean(expected));

    [Theory]
    [InlineData("1 < 2", true)]
    [InlineData("2 < 1", false)]
    [InlineData("2 <= 2", true)]
    [InlineData("3 > 2", true)]
    [InlineData("2 >= 3", false)]
    [InlineData("'a' < 'B'", true)]
    [InlineData("'b' > 'A'", true)]
    [InlineData("'abc' <= 'ABC'", true)]
    [InlineData("'10' > 9", true)]
    [InlineData("'10' > '9'", false)]
    [InlineData("null < 1", true)]
    [InlineData("true > false", true)]
    [InlineData("true > 0", true)]
    [InlineData("'x' < 1", false)]
    [InlineData("'x' >= 1", false)]
    [InlineData("NaN < 1", false)]
    [InlineData("-Infinity < -1e300", true)]
    [InlineData("matrix.flags < matrix.flags", false)]
    [InlineData("matrix.flags <= matrix.flags", true)]
    [InlineData("matrix.python >= 3.1", true)]
    public void Evaluate_Comparison_UsesLooseCoercion(string expression, bool expected) =>
        Eval(expression).Value.ShouldBe(ExprValue.FromBoolean(expected));

    [Theory]
    [InlineData("!true", "false")]
    [InlineData("!0", "true")]
    [InlineData("!''", "true")]
    [InlineData("!'0'", "false")]
    [InlineData("!matrix.flags", "false")]
    [InlineData("!!env.NAME", "true")]
    [InlineData("env.NAME && matrix.os", "\"linux\"")]
    [InlineData("env.EMPTY && matrix.os", "\"\"")]
    [InlineData("inputs.zero && true", "0")]
    [InlineData("env.EMPTY || 'fallback'", "\"fallback\"")]
    [InlineData("env.NAME || 'fallback'", "\"World\"")]
    [InlineData("null || false", "false")]
    [InlineData("inputs.dry-run && 'dry' || 'real'", "\"dry\"")]
    [InlineData("!inputs.dry-run && 'dry' || 'real'", "\"real\"")]
    public void Evaluate_Logic_ReturnsOperandValues(string expression, string json) =>
        EvalJson(expression).ShouldBe(json);

    [Fact]
    public void Evaluate_And_ShortCircuitsBeforeFailingRightSide()
    {
        Eval("false && fromJSON('not json')").Error.ShouldBeNull();
        Eval("true || fromJSON('not json')").Error.ShouldBeNull();
        Eval("true && fromJSON('not json')").Error.ShouldNotBeNull();
    }

    [Fact]
    public void Evaluate_UnknownFunctionAtRuntime_IsAnErrorValue()
    {
        var root = new FunctionCallExpr("nope", [], 0);

        var result = ExpressionEvaluator.Evaluate(root, Standard);

        result.Error.ShouldBe("unknown function `nope`");
        result.Value.ShouldBe(ExprValue.Null);
    }

    [Fact]
    public void Evaluate_WrongArityAtRuntime_IsAnErrorValue() =>
        ExpressionEvaluator.Evaluate(new FunctionCallExpr("contains", [], 0), Standard).Error.ShouldBe("`contains` takes 2 arguments but got 0");

    [Fact]
    public void Evaluate_HandBuiltDeepTree_IsAnErrorNotACrash()
    {
        Expr node = new LiteralExpr(ExprValue.True, 0);
        for (var i = 0; i < 5_000; i++)
        {
            node = new NotExpr(node, 0);
        }

        ExpressionEvaluator.Evaluate(node, Standard).Error.ShouldNotBeNull().ShouldContain("nests deeper");
        ExpressionChecker.Check(node, ExpressionScope.Unrestricted).Errors.ShouldHaveSingleItem();
    }

    [Fact]
    public void Evaluate_ContextMissingFromTheContext_IsNull() =>
        EvalJson("steps.build.outputs.x", DictionaryExpressionContext.Empty).ShouldBe("null");

    [Fact]
    public void DictionaryExpressionContext_With_AddsOrReplacesWithoutChangingTheOriginal()
    {
        var original = FromJson("""{"env": {"A": "1"}}""");

        var changed = original.With("ENV", ExprValue.FromStrings(new Dictionary<string, string> { ["A"] = "2" }));

        EvalJson("env.A", changed).ShouldBe("\"2\"");
        EvalJson("env.A", original).ShouldBe("\"1\"");
    }
}
