namespace Sluice.Core.Yaml;

/// <summary>Collection entries and shared strings of the <see cref="BlockYamlReader"/>.</summary>
internal sealed partial class BlockYamlReader
{
    /// <summary>
    /// Adds an entry of the mapping whose entries start at <paramref name="mark"/>, or records a duplicate key as
    /// YamlTreeReader does. Small mappings scan for the key; large ones (the jobs) switch to a dictionary.
    /// </summary>
    private void AddEntry(int mark, ref Dictionary<string, YamlScalar>? seen, ref List<(YamlScalar Key, int FirstLine)>? duplicated, YamlScalar key, YamlNode value)
    {
        YamlScalar? first = null;
        if (seen is not null)
        {
            first = seen.GetValueOrDefault(key.Value);
        }
        else
        {
            for (var i = mark; i < entryStack.Count; i++)
            {
                if (entryStack[i].Key.Value == key.Value)
                {
                    first = entryStack[i].Key;
                    break;
                }
            }
        }

        if (first is not null)
        {
            (duplicated ??= []).Add((key, first.Line));
            duplicates++;
            return;
        }

        entryStack.Add(new(key, value));
        if (seen is not null)
        {
            seen.Add(key.Value, key);
        }
        else if (entryStack.Count - mark >= 16)
        {
            seen = new Dictionary<string, YamlScalar>(StringComparer.Ordinal);
            for (var i = mark; i < entryStack.Count; i++)
            {
                seen.Add(entryStack[i].Key.Value, entryStack[i].Key);
            }
        }
    }

    private KeyValuePair<YamlScalar, YamlNode>[] PopEntries(int mark)
    {
        var entries = new KeyValuePair<YamlScalar, YamlNode>[entryStack.Count - mark];
        entryStack.CopyTo(mark, entries, 0, entries.Length);
        entryStack.RemoveRange(mark, entries.Length);
        return entries;
    }

    private YamlNode[] PopItems(int mark)
    {
        var items = new YamlNode[itemStack.Count - mark];
        itemStack.CopyTo(mark, items, 0, items.Length);
        itemStack.RemoveRange(mark, items.Length);
        return items;
    }

    /// <summary>
    /// The text between two offsets. Keys and short values repeat in every job (`steps`, `run`, `10m`, the
    /// ids in `needs`), so those are shared: one string each per document.
    /// </summary>
    private string Slice(int start, int end, int shareUpTo)
    {
        if (end - start > shareUpTo)
        {
            return text[start..end];
        }

        return Share(text.AsSpan(start, end - start));
    }

    private string Share(ReadOnlySpan<char> span)
    {
        if (!strings.TryGetValue(span, out var value))
        {
            value = span.ToString();
            strings[span] = value;
        }

        return value;
    }
}
