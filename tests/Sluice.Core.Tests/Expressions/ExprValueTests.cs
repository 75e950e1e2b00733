using System.Text.Json;
using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

public class ExprValueTests
{
    public static TheoryData<ExprValue, bool> Truthiness => new()
    {
        { ExprValue.Null, false },
        { ExprValue.False, false },
        { ExprValue.True, true },
        { ExprValue.FromNumber(0), false },
        { ExprValue.FromNumber(-0.0), false },
        { ExprValue.FromNumber(double.NaN), false },
        { ExprValue.FromNumber(-1), true },
        { ExprValue.FromString(""), false },
        { ExprValue.FromString("false"), true },
        { ExprValue.FromString("0"), true },
        { ExprValue.FromArray([]), true },
        { ExprValue.FromObject(new Dictionary<string, ExprValue>()), true },
    };

    [Theory]
    [MemberData(nameof(Truthiness))]
    public void IsTruthy_FollowsGitHub(ExprValue value, bool truthy) => value.IsTruthy.ShouldBe(truthy);

    [Theory]
    [InlineData(3.0, "3")]
    [InlineData(-0.0, "0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-12.5, "-12.5")]
    [InlineData(1e21, "1E+21")]
    [InlineData(9007199254740992d, "9007199254740992")]
    [InlineData(1.5e-7, "1.5E-07")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    public void ToText_Number_IsInvariantWithoutTrailingZero(double number, string text) =>
        ExprValue.FromNumber(number).ToText().ShouldBe(text);

    [Fact]
    public void ToText_OtherKinds()
    {
        ExprValue.Null.ToText().ShouldBe("");
        ExprValue.True.ToText().ShouldBe("true");
        ExprValue.False.ToText().ShouldBe("false");
        ExprValue.FromString("é\"x").ToText().ShouldBe("é\"x");
        ExprValue.FromArray([ExprValue.FromNumber(1), ExprValue.Null]).ToText().ShouldBe("[1,null]");
    }

    [Fact]
    public void ToJson_NonFiniteNumbers_BecomeNull() =>
        ExprValue.FromArray([ExprValue.FromNumber(double.NaN), ExprValue.FromNumber(double.NegativeInfinity)]).ToJson().ShouldBe("[null,null]");

    [Fact]
    public void ToJson_CyclicValue_IsCutOffAndToJsonFunctionReportsIt()
    {
        var items = new List<ExprValue>();
        var cyclic = ExprValue.FromArray(items);
        items.Add(cyclic);

        cyclic.ToJson().ShouldBe(new string('[', 257) + "null" + new string(']', 257));
        TestContext.Eval("toJSON(env)", new DictionaryExpressionContext([new("env", cyclic)])).Error.ShouldNotBeNull().ShouldContain("nests deeper");
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("  42  ", 42)]
    [InlineData("-1.5e2", -150)]
    [InlineData("+7", 7)]
    [InlineData(".5", 0.5)]
    [InlineData("0x1f", 31)]
    [InlineData("0o17", 15)]
    [InlineData("Infinity", double.PositiveInfinity)]
    [InlineData("-Infinity", double.NegativeInfinity)]
    [InlineData("abc", double.NaN)]
    [InlineData("1,000", double.NaN)]
    [InlineData("0x", double.NaN)]
    [InlineData("0xfg", double.NaN)]
    public void ToNumber_String_ParsesLikeGitHub(string text, double number) =>
        ExprValue.FromString(text).ToNumber().ShouldBe(number);

    [Fact]
    public void ToNumber_OtherKinds()
    {
        ExprValue.Null.ToNumber().ShouldBe(0);
        ExprValue.True.ToNumber().ShouldBe(1);
        ExprValue.False.ToNumber().ShouldBe(0);
        double.IsNaN(ExprValue.FromArray([]).ToNumber()).ShouldBeTrue();
    }

    [Fact]
    public void FromJson_ConvertsEveryKindAndKeepsPropertyOrder()
    {
        using var document = JsonDocument.Parse("""{"z": 1, "a": [true, null, "s", 1.5], "m": {}, "z2": 1e400}""");

        var value = ExprValue.FromJson(document.RootElement);

        value.Properties!.Keys.ShouldBe(["z", "a", "m", "z2"]);
        value.GetProperty("z").AsNumber.ShouldBe(1);
        value.GetProperty("a").Items!.Select(i => i.Kind).ShouldBe([ExprValueKind.Boolean, ExprValueKind.Null, ExprValueKind.String, ExprValueKind.Number]);
        value.GetProperty("m").Kind.ShouldBe(ExprValueKind.Object);
        value.GetProperty("z2").AsNumber.ShouldBe(double.PositiveInfinity);
    }

    [Fact]
    public void Accessors_ReturnNullForOtherKinds()
    {
        var text = ExprValue.FromString("x");

        text.AsString.ShouldBe("x");
        text.AsNumber.ShouldBeNull();
        text.AsBoolean.ShouldBeNull();
        text.Items.ShouldBeNull();
        text.Properties.ShouldBeNull();
        text.GetProperty("x").ShouldBe(ExprValue.Null);
        text.GetItem(0).ShouldBe(ExprValue.Null);
    }

    [Fact]
    public void TryGetProperty_PrefersExactCaseThenAnyCase()
    {
        var value = ExprValue.FromStrings(new Dictionary<string, string> { ["Key"] = "upper", ["key"] = "lower" });

        value.GetProperty("key").AsString.ShouldBe("lower");
        value.GetProperty("Key").AsString.ShouldBe("upper");
        value.GetProperty("KEY").AsString.ShouldNotBeNull();
        value.TryGetProperty("other", out _).ShouldBeFalse();
    }

    [Fact]
    public void TryParseJson_BadText_ReturnsReason()
    {
        ExprValue.TryParseJson("{\"a\":", out var value, out var error).ShouldBeFalse();

        value.ShouldBe(ExprValue.Null);
        error.ShouldNotBeNullOrWhiteSpace();
    }
}
