namespace Sluice.Core.Expressions;

/// <summary>
/// One function call: <see cref="Name"/> lowercased; <see cref="LiteralArguments"/> has the value of each
/// argument that is a string literal and null for any other argument (e.g. the glob of <c>changed('src/**')</c>).
/// </summary>
public sealed record FunctionUse(string Name, IReadOnlyList<string?> LiteralArguments, int Offset);
