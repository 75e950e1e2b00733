namespace Sluice.Core.Releases.Config;

/// <summary>
/// A YAML node with its 1-based position, so every configuration problem can name <c>file:line:col</c>.
/// Scalars keep whether they were quoted: <c>false</c> is a boolean, <c>"false"</c> is text.
/// </summary>
internal sealed class ConfigNode
{
    public required ConfigNodeKind Kind { get; init; }

    public required int Line { get; init; }

    public required int Column { get; init; }

    /// <summary>The scalar's text (null for mappings and sequences, and for an empty value).</summary>
    public string? Value { get; init; }

    public bool Quoted { get; init; }

    public IReadOnlyList<KeyValuePair<ConfigNode, ConfigNode>> Entries { get; init; } = [];

    public IReadOnlyList<ConfigNode> Items { get; init; } = [];

    public bool IsNull => Kind == ConfigNodeKind.Scalar && !Quoted && Value is null or "" or "~" or "null";

    public string Describe() => Kind switch
    {
        ConfigNodeKind.Mapping => "a mapping",
        ConfigNodeKind.Sequence => "a list",
        _ => IsNull ? "an empty value" : $"`{Value}`",
    };
}
