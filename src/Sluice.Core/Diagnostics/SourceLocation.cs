namespace Sluice.Core.Diagnostics;

/// <summary>A 1-based line and column in a named file. Line 0 means "the file as a whole".</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    public override string ToString() => Line <= 0 ? File : $"{File}:{Line}:{Column}";
}
