namespace Sluice.Core.Yaml;

/// <summary>
/// A minimal YAML tree that keeps 1-based positions for every node. Built by <see cref="YamlTreeReader"/>
/// from YamlDotNet's event parser so that duplicate keys, tabs and syntax errors become diagnostics.
/// </summary>
internal abstract record YamlNode(int Line, int Column)
{
    public abstract string Kind { get; }
}

/// <param name="Quoted">True for quoted and block scalars: they are always strings, never null/bool/number.</param>
/// <param name="Block">True for literal (<c>|</c>) and folded (<c>&gt;</c>) block scalars.</param>
internal sealed record YamlScalar(string Value, bool Quoted, bool Block, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Kind => "a scalar";

    /// <summary>A plain <c>null</c>, <c>~</c> or empty value.</summary>
    public bool IsNull => !Quoted && Value is "" or "~" or "null" or "Null" or "NULL";
}

internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, int Line, int Column) : YamlNode(Line, Column)
{
    public override string Kind => "a list";
}

/// <param name="Duplicates">Keys written a second time (dropped from <see cref="Entries"/>) and the line of the first.</param>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<YamlScalar, YamlNode>> Entries, int Line, int Column, IReadOnlyList<(YamlScalar Key, int FirstLine)> Duplicates) : YamlNode(Line, Column)
{
    public override string Kind => "a mapping";

    // Indexed loops: the parser calls these dozens of times per job, and foreach over the interface allocates.
    public YamlNode? Get(string key)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value == key)
            {
                return Entries[i].Value;
            }
        }

        return null;
    }

    public YamlScalar? GetKey(string key)
    {
        for (var i = 0; i < Entries.Count; i++)
        {
            if (Entries[i].Key.Value == key)
            {
                return Entries[i].Key;
            }
        }

        return null;
    }
}
