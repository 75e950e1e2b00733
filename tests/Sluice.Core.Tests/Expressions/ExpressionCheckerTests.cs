using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

public class ExpressionCheckerTests
{
    private static readonly ExpressionScope IfScope =
        new(new HashSet<string> { "env", "matrix", "inputs", "needs" }, AllowStatusFunctions: true) { Where = "`if`" };

    private static CheckResult Check(string text, ExpressionScope? scope = null)
    {
        var parsed = ExpressionParser.Parse(text);
        parsed.Errors.ShouldBeEmpty();
        return ExpressionChecker.Check(parsed.Root!, scope ?? ExpressionScope.Unrestricted);
    }

    [Fact]
    public void Check_ValidExpression_HasNoErrors() =>
        Check("success() && contains(event.labels.*.name, 'bug') || format('{0}', env.X) == 'y'").Errors.ShouldBeEmpty();

    [Theory]
    [InlineData("secrets.TOKEN", "secrets", "TOKEN")]
    [InlineData("secrets['TOKEN']", "secrets", "TOKEN")]
    [InlineData("needs.build.outputs.x", "needs", "build")]
    [InlineData("needs['build'].outputs.x", "needs", "build")]
    [InlineData("matrix", "matrix", null)]
    [InlineData("matrix[inputs.axis]", "matrix", null)]
    [InlineData("event.labels.*.name", "event", "labels")]
    [InlineData("steps.*.outcome", "steps", null)]
    [InlineData("SECRETS.token", "secrets", "token")]
    public void Check_ContextAccess_ReportsFirstLevelName(string text, string context, string? name)
    {
        var reference = Check(text).References[0];

        reference.ShouldBe(new ContextReference(context, name, 0));
    }

    [Fact]
    public void Check_EveryAccess_IsReportedIncludingInsideIndexesAndArguments()
    {
        var references = Check("format('{0}', secrets.A) == env[inputs.key] && !vars.X").References;

        references.Select(r => $"{r.Context}:{r.Name}@{r.Offset}").ShouldBe(["secrets:A@14", "env:@28", "inputs:key@32", "vars:X@48"]);
    }

    [Fact]
    public void Check_Functions_AreListedLowercaseWithLiteralArguments()
    {
        var functions = Check("changed('src/**') && startsWith(env.REF, 'refs/tags/') || ALWAYS()").Functions;

        functions.Select(f => f.Name).ShouldBe(["changed", "startswith", "always"]);
        functions[0].LiteralArguments.ShouldBe(["src/**"]);
        functions[1].LiteralArguments.ShouldBe([null, "refs/tags/"]);
        functions[2].Offset.ShouldBe(58);
    }

    [Fact]
    public void Check_StatusFunction_IsDetected()
    {
        Check("failure() || x == 1").UsesStatusFunction.ShouldBeTrue();
        Check("contains(env.X, 'y')").UsesStatusFunction.ShouldBeFalse();
    }

    [Theory]
    [InlineData("secret.TOKEN", "did you mean `secrets`?")]
    [InlineData("inptus.x", "did you mean `inputs`?")]
    [InlineData("github.ref", "the triggering event is in `event`")]
    [InlineData("success", "did you mean `success()`?")]
    [InlineData("foo.bar", "valid contexts: event, env, inputs, matrix, needs, steps, job, run, vars, secrets")]
    public void Check_UnknownContext_ReportsSL1302WithHint(string text, string hint)
    {
        var error = Check(text).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("SL1302");
        error.Offset.ShouldBe(0);
        error.Message.ShouldStartWith("unknown context `");
        error.Hint.ShouldNotBeNull().ShouldContain(hint);
    }

    [Fact]
    public void Check_UnknownContext_IsNotAReference() =>
        Check("foo.bar").References.ShouldBeEmpty();

    [Theory]
    [InlineData("contain('a', 'b')", "unknown function `contain`", "did you mean `contains`?")]
    [InlineData("tojson(1) && hashFiles('x')", "unknown function `hashFiles`", "available functions: contains, startsWith")]
    [InlineData("contains('a')", "`contains` takes 2 arguments but got 1", "call it as contains(search, item)")]
    [InlineData("success(1)", "`success` takes 0 arguments but got 1", "call it as success()")]
    [InlineData("join('a', ',', 'x')", "`join` takes 1 to 2 arguments but got 3", "join(array, separator = ',')")]
    [InlineData("format()", "`format` takes at least 1 argument but got 0", null)]
    public void Check_BadFunctionCall_ReportsSL1303(string text, string message, string? hint)
    {
        var error = Check(text).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("SL1303");
        error.Message.ShouldBe(message);
        if (hint is not null)
        {
            error.Hint.ShouldNotBeNull().ShouldContain(hint);
        }
    }

    [Fact]
    public void Check_ContextOutsideScope_ReportsSL1304NamingThePlace()
    {
        var error = Check("inputs.x == secrets.TOKEN", IfScope).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("SL1304");
        error.Message.ShouldBe("`secrets` is not available in `if`");
        error.Offset.ShouldBe(12);
        error.Hint.ShouldBe("available here: env, inputs, matrix, needs");
    }

    [Fact]
    public void Check_StatusFunctionWhereNotAllowed_ReportsSL1304()
    {
        var scope = new ExpressionScope(new HashSet<string> { "inputs" }, AllowStatusFunctions: false);

        var error = Check("inputs.x && failure()", scope).Errors.ShouldHaveSingleItem();

        error.Code.ShouldBe("SL1304");
        error.Message.ShouldBe("`failure()` is not available here");
        error.Offset.ShouldBe(12);
    }

    [Fact]
    public void Check_GlobInChanged_IsLeftToTheCaller()
    {
        var result = Check("changed('src/[a')");

        result.Errors.ShouldBeEmpty();
        result.Functions.ShouldHaveSingleItem().LiteralArguments.ShouldBe(["src/[a"]);
    }

    [Fact]
    public void Check_SeveralProblems_ReportsEach()
    {
        var errors = Check("secret.x || contain(a) || vars.y", IfScope).Errors;

        errors.Select(e => e.Code).ShouldBe(["SL1302", "SL1303", "SL1302", "SL1304"]);
    }
}
