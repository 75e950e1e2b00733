using Sluice.Core.Diagnostics;

namespace Sluice.Cli.Output;

/// <summary>Compiler-style diagnostics with the source line and a caret under the column.</summary>
internal static class DiagnosticPrinter
{
    public static void Print(TextWriter output, Diagnostic diagnostic, Func<string, string[]?> sourceLines)
    {
        output.WriteLine(diagnostic.ToString());
        if (diagnostic.Location.Line <= 0 || sourceLines(diagnostic.Location.File) is not { } lines || diagnostic.Location.Line > lines.Length)
        {
            return;
        }

        var line = lines[diagnostic.Location.Line - 1].TrimEnd('\r').Replace('\t', ' ');
        var gutter = diagnostic.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture);
        output.WriteLine($"  {gutter} | {line}");
        var caret = Math.Clamp(diagnostic.Location.Column - 1, 0, line.Length);
        output.WriteLine($"  {new string(' ', gutter.Length)} | {new string(' ', caret)}^");
    }
}
