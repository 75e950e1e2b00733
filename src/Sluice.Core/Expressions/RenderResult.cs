namespace Sluice.Core.Expressions;

/// <summary>A rendered template. With an <see cref="Error"/>, failed expressions render as empty text.</summary>
public sealed record RenderResult(string Text, string? Error)
{
    public bool Succeeded => Error is null;
}
