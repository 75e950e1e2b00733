namespace Sluice.Engine.Secrets;

/// <summary>The values read from a <c>.env</c> file and the lines that could not be read (never containing values).</summary>
internal sealed record DotEnvResult(IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Errors);
