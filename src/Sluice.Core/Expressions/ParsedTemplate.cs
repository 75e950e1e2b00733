namespace Sluice.Core.Expressions;

/// <summary>The result of <see cref="Template.Parse"/>: the segments in order and any unclosed-<c>${{</c> error.</summary>
public sealed record ParsedTemplate(IReadOnlyList<TemplateSegment> Segments, IReadOnlyList<ExpressionError> Errors);
