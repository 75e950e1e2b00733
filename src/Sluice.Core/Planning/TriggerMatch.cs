namespace Sluice.Core.Planning;

/// <summary>Whether an event selects a pipeline, why (or why not), and what a comment command captured.</summary>
public sealed record TriggerMatch(bool Matched, string Reason, IReadOnlyDictionary<string, string> CommandArgs, IReadOnlyDictionary<string, string> Inputs)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();

    public static TriggerMatch Yes(string reason, IReadOnlyDictionary<string, string>? args = null, IReadOnlyDictionary<string, string>? inputs = null) =>
        new(true, reason, args ?? None, inputs ?? None);

    public static TriggerMatch No(string reason) => new(false, reason, None, None);
}
