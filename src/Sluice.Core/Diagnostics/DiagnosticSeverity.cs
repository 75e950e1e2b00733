namespace Sluice.Core.Diagnostics;

public enum DiagnosticSeverity
{
    Error,
    Warning,
}
