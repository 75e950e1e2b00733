namespace Sluice.Core.Expressions;

/// <summary>
/// A piece of a template. For a literal, <see cref="Text"/> is the text and <see cref="Offset"/> its position
/// in the template. For an expression, <see cref="Text"/> is the text between <c>${{</c> and <c>}}</c>
/// (untrimmed) and <see cref="Offset"/> the position of that text, so parse errors map back by adding it.
/// </summary>
public sealed record TemplateSegment(bool IsExpression, string Text, int Offset);
