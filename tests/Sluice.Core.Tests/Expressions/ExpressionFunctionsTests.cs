using Sluice.Core.Expressions;
using static Sluice.Core.Tests.Expressions.TestContext;

namespace Sluice.Core.Tests.Expressions;

public class ExpressionFunctionsTests
{
    [Theory]
    [InlineData("contains('Hello World', 'WORLD')", true)]
    [InlineData("contains('Hello', 'x')", false)]
    [InlineData("contains(matrix.flags, 'B')", true)]
    [InlineData("contains(matrix.flags, 'c')", false)]
    [InlineData("contains(fromJSON('[1, 2]'), '2')", true)]
    [InlineData("contains(event.labels.*.name, 'bug')", true)]
    [InlineData("contains(123, 2)", true)]
    [InlineData("contains(matrix, 'os')", false)]
    [InlineData("contains('abc', matrix.flags)", false)]
    [InlineData("CONTAINS('ab', 'b')", true)]
    [InlineData("startsWith('refs/tags/v1', 'REFS/TAGS/')", true)]
    [InlineData("startsWith('refs/heads/main', 'refs/tags/')", false)]
    [InlineData("startsWith(matrix.flags, 'a')", false)]
    [InlineData("endsWith('release.tar.gz', '.GZ')", true)]
    [InlineData("endsWith('release.zip', '.gz')", false)]
    [InlineData("endsWith(10, 0)", true)]
    public void Evaluate_TextFunctions_AreCaseInsensitive(string expression, bool expected) =>
        Eval(expression).Value.ShouldBe(ExprValue.FromBoolean(expected));

    [Theory]
    [InlineData("format('Hello {0}!', env.NAME)", "Hello World!")]
    [InlineData("format('{1}-{0}-{1}', 'a', 'b')", "b-a-b")]
    [InlineData("format('{{0}} is {0}', 1)", "{0} is 1")]
    [InlineData("format('{{{0}}}', 'x')", "{x}")]
    [InlineData("format('}}{{')", "}{")]
    [InlineData("format('{0}|{1}|{2}|{3}', null, true, 0.5, matrix.flags)", "|true|0.5|[\"a\",\"b\"]")]
    [InlineData("format('no placeholders')", "no placeholders")]
    public void Evaluate_Format_ReplacesPlaceholdersAndEscapes(string expression, string expected) =>
        Eval(expression).Value.AsString.ShouldBe(expected);

    [Theory]
    [InlineData("format('{0} {1}', 'a')", "uses {1} but only 1 value(s) were given")]
    [InlineData("format('{x}', 'a')", "invalid placeholder at position 0")]
    [InlineData("format('{0', 'a')", "invalid placeholder")]
    [InlineData("format('a } b')", "unmatched `}` at position 2")]
    public void Evaluate_FormatMistake_IsAnErrorValue(string expression, string error)
    {
        var result = Eval(expression);

        result.Value.ShouldBe(ExprValue.Null);
        result.Error.ShouldNotBeNull().ShouldStartWith("format(): ");
        result.Error.ShouldContain(error);
    }

    [Theory]
    [InlineData("join(matrix.flags)", "a,b")]
    [InlineData("join(matrix.flags, ' + ')", "a + b")]
    [InlineData("join(event.labels.*.id, ';')", "1;2;3")]
    [InlineData("join(fromJSON('[1, true, null, \"x\"]'), '')", "1truex")]
    [InlineData("join('single', ',')", "single")]
    [InlineData("join(42)", "42")]
    [InlineData("join(matrix)", "")]
    [InlineData("join(fromJSON('[]'))", "")]
    public void Evaluate_Join_JoinsItemsAsText(string expression, string expected) =>
        Eval(expression).Value.AsString.ShouldBe(expected);

    [Fact]
    public void Evaluate_ToJson_IsIndentedJson()
    {
        Eval("toJSON(matrix)").Value.AsString.ShouldBe("""
            {
              "os": "linux",
              "python": 3.12,
              "flags": [
                "a",
                "b"
              ]
            }
            """);
        Eval("toJSON('it''s <ok>')").Value.AsString.ShouldBe("\"it's <ok>\"");
        Eval("toJSON(null)").Value.AsString.ShouldBe("null");
    }

    [Theory]
    [InlineData("""{"a":[1,2.5,-3,true,false,null,"x"],"b":{"c":"d"}}""")]
    [InlineData("[]")]
    [InlineData("\"text with \\\"quotes\\\" and \\n newline\"")]
    [InlineData("12345678901")]
    public void Evaluate_FromJsonThenToJson_RoundTrips(string json)
    {
        var context = FromJson("{}").With("env", ExprValue.FromStrings(new Dictionary<string, string> { ["J"] = json }));

        var roundTripped = Eval("fromJSON(toJSON(fromJSON(env.J)))", context).Value;

        roundTripped.ToJson().ShouldBe(json);
    }

    [Theory]
    [InlineData("fromJSON('3') == 3", "true")]
    [InlineData("fromJSON('true')", "true")]
    [InlineData("fromJSON(' {\"a\": {\"b\": [10]}} ').a.b[0]", "10")]
    [InlineData("fromJSON(env.COUNT)", "3")]
    public void Evaluate_FromJson_ParsesValues(string expression, string json) =>
        EvalJson(expression).ShouldBe(json);

    [Theory]
    [InlineData("fromJSON('{bad')")]
    [InlineData("fromJSON('')")]
    [InlineData("fromJSON(env.NAME)")]
    public void Evaluate_FromJsonOfBadText_IsAnErrorValue(string expression)
    {
        var result = Eval(expression);

        result.Error.ShouldNotBeNull().ShouldStartWith("fromJSON(): '");
        result.Error.ShouldContain("is not valid JSON");
    }

    [Fact]
    public void Evaluate_FromJsonTooDeep_IsAnErrorValue()
    {
        var json = new string('[', 200) + new string(']', 200);
        var context = FromJson("{}").With("env", ExprValue.FromStrings(new Dictionary<string, string> { ["J"] = json }));

        Eval("fromJSON(env.J)", context).Error.ShouldNotBeNull();
    }

    [Theory]
    [InlineData(false, false, "true", "false", "true", "false")]
    [InlineData(true, false, "false", "true", "true", "false")]
    [InlineData(false, true, "false", "false", "true", "true")]
    [InlineData(true, true, "false", "false", "true", "true")]
    public void Evaluate_StatusFunctions_ReflectJobStatus(bool failed, bool cancelled, string success, string failure, string always, string wasCancelled)
    {
        var context = Standard.WithStatus(new JobStatus(failed, cancelled));

        EvalJson("success()", context).ShouldBe(success);
        EvalJson("failure()", context).ShouldBe(failure);
        EvalJson("always()", context).ShouldBe(always);
        EvalJson("cancelled()", context).ShouldBe(wasCancelled);
    }

    [Fact]
    public void Evaluate_Changed_AsksTheContextWithThePattern()
    {
        var asked = new List<string>();
        var context = Standard.WithChanged(pattern =>
        {
            asked.Add(pattern);
            return pattern == "src/**";
        });

        EvalJson("changed('src/**')", context).ShouldBe("true");
        EvalJson("changed(format('{0}/**', 'docs'))", context).ShouldBe("false");
        asked.ShouldBe(["src/**", "docs/**"]);
    }

    [Fact]
    public void ChangedFiles_MatchesGlobsAgainstPaths()
    {
        var context = Standard.WithChanged(DictionaryExpressionContext.ChangedFiles(["src/app/main.cs", "docs/readme.md"]));

        EvalJson("changed('src/**/*.cs')", context).ShouldBe("true");
        EvalJson("changed('tests/**')", context).ShouldBe("false");
        EvalJson("changed('!docs/**')", context).ShouldBe("true");
        EvalJson("changed('!**/*.*')", context).ShouldBe("false");
        EvalJson("changed('src/[a')", context).ShouldBe("false");
    }

    [Fact]
    public void Evaluate_ChangedWithUnknownChanges_CountsEverythingAsChanged() =>
        EvalJson("changed('nothing/here/**')").ShouldBe("true");
}
