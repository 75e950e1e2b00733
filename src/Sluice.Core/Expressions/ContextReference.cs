namespace Sluice.Core.Expressions;

/// <summary>
/// One use of a context: <c>secrets.TOKEN</c> and <c>secrets['TOKEN']</c> give ("secrets", "TOKEN");
/// <c>needs.build.outputs.x</c> gives ("needs", "build"); a bare <c>matrix</c> or a computed index gives a null name.
/// <see cref="Context"/> is lowercase; <see cref="Offset"/> is the context name's position.
/// </summary>
public sealed record ContextReference(string Context, string? Name, int Offset);
