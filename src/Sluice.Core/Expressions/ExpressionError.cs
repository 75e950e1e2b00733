namespace Sluice.Core.Expressions;

/// <summary>
/// A problem in an expression. <see cref="Offset"/> is 0-based into the text that was parsed or checked
/// (for a template segment, add the segment's offset with <see cref="Shift"/>); it may equal the text's
/// length when the problem is at the end.
/// </summary>
/// <param name="Code">A <see cref="Diagnostics.DiagnosticCodes"/> code: SL1301 syntax, SL1302 context, SL1303 function, SL1304 not allowed here.</param>
public sealed record ExpressionError(string Code, string Message, int Offset, string? Hint = null)
{
    /// <summary>The same error with its offset moved by <paramref name="delta"/> (e.g. into the enclosing template).</summary>
    public ExpressionError Shift(int delta) => this with { Offset = Offset + delta };

    /// <summary><c>SL1301 at offset 4: unexpected `=` (hint: did you mean `==`?)</c>.</summary>
    public override string ToString() =>
        Hint is null ? $"{Code} at offset {Offset}: {Message}" : $"{Code} at offset {Offset}: {Message} (hint: {Hint})";
}
