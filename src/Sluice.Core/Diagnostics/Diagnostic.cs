namespace Sluice.Core.Diagnostics;

/// <summary>
/// One finding about a pipeline file. Expected failures are values: parsers and validators return
/// every diagnostic they find instead of throwing at the first.
/// </summary>
/// <param name="Code">Stable code such as <c>SL1004</c>; see <see cref="DiagnosticCodes"/>.</param>
/// <param name="Hint">A suggestion that helps fix the problem ("did you mean `needs`?"), or null.</param>
public sealed record Diagnostic(
    string Code,
    DiagnosticSeverity Severity,
    string Message,
    SourceLocation Location,
    string? Hint = null)
{
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>Compiler-style rendering: <c>file:line:col: error SL1004: message (hint: ...)</c>.</summary>
    public override string ToString()
    {
        var severity = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var hint = Hint is null ? "" : $" (hint: {Hint})";
        return $"{Location}: {severity} {Code}: {Message}{hint}";
    }
}
