namespace Sluice.Engine.Execution;

/// <summary>Name/value pairs read from a command file, and the lines that could not be read.</summary>
internal sealed record CommandFileResult(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors)
{
    public static readonly CommandFileResult Empty = new(new Dictionary<string, string>(), []);
}
