using Sluice.Core.Expressions;

namespace Sluice.Core.Tests.Expressions;

public class TemplateTests
{
    [Fact]
    public void Parse_MixedTemplate_SplitsLiteralsAndExpressionsWithOffsets()
    {
        var template = Template.Parse("v${{ inputs.x }}-${{ matrix.os }}");

        template.Errors.ShouldBeEmpty();
        template.Segments.ShouldBe(
        [
            new TemplateSegment(false, "v", 0),
            new TemplateSegment(true, " inputs.x ", 4),
            new TemplateSegment(false, "-", 16),
            new TemplateSegment(true, " matrix.os ", 20),
        ]);
    }

    [Fact]
    public void Parse_SegmentOffset_MapsParseErrorsBackIntoTheTemplate()
    {
        const string raw = "echo ${{ a = b }}";
        var segment = Template.Parse(raw).Segments[1];

        var error = ExpressionParser.Parse(segment.Text).Errors[0].Shift(segment.Offset);

        raw[error.Offset].ShouldBe('=');
    }

    [Fact]
    public void Parse_PlainText_IsOneLiteral()
    {
        Template.Parse("just text").Segments.ShouldBe([new TemplateSegment(false, "just text", 0)]);
        Template.ContainsExpression("just text").ShouldBeFalse();
    }

    [Fact]
    public void Parse_EmptyText_HasNoSegments() => Template.Parse("").Segments.ShouldBeEmpty();

    [Fact]
    public void Parse_AdjacentExpressions_HaveNoEmptyLiteralBetween()
    {
        var segments = Template.Parse("${{a}}${{b}}").Segments;

        segments.ShouldBe([new TemplateSegment(true, "a", 3), new TemplateSegment(true, "b", 9)]);
    }

    [Fact]
    public void Parse_ClosingBracesInsideString_DoNotEndTheExpression()
    {
        var segments = Template.Parse("${{ format('{{0}}}} it''s', x) }}!").Segments;

        segments[0].Text.ShouldBe(" format('{{0}}}} it''s', x) ");
        segments[1].ShouldBe(new TemplateSegment(false, "!", segments[0].Text.Length + 5));
    }

    [Fact]
    public void Parse_UnclosedExpression_ReportsSL1301AtTheOpening()
    {
        var template = Template.Parse("a ${{ b ");

        var error = template.Errors.ShouldHaveSingleItem();
        error.Code.ShouldBe("SL1301");
        error.Offset.ShouldBe(2);
        error.Hint.ShouldNotBeNull().ShouldContain("`}}`");
        template.Segments.ShouldBe([new TemplateSegment(false, "a ", 0), new TemplateSegment(false, "${{ b ", 2)]);
    }

    [Fact]
    public void Parse_UnclosedStringInsideExpression_PointsAtTheString()
    {
        var error = Template.Parse("${{ 'abc }}").Errors.ShouldHaveSingleItem();

        error.Offset.ShouldBe(0);
        error.Hint.ShouldNotBeNull().ShouldContain("offset 4");
    }

    [Fact]
    public void Parse_SingleBraces_AreLiteralText()
    {
        Template.Parse("{ a } ${ b } }}").Segments.ShouldBe([new TemplateSegment(false, "{ a } ${ b } }}", 0)]);
    }
}
