using System.Text;
using Sluice.Core.Yaml;

namespace Sluice.Core.Tests.Yaml;

/// <summary>A YAML tree as text with every value, flag and position, so two trees compare as strings.</summary>
internal static class YamlTreeDump
{
    public static string Of(YamlNode? root)
    {
        var sb = new StringBuilder();
        Write(sb, root, 0);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, YamlNode? node, int depth)
    {
        sb.Append(' ', depth * 2);
        switch (node)
        {
            case null:
                sb.Append("null\n");
                break;
            case YamlScalar s:
                sb.Append($"scalar {s.Line}:{s.Column} quoted={s.Quoted} block={s.Block} [{Escape(s.Value)}]\n");
                break;
            case YamlSequence seq:
                sb.Append($"sequence {seq.Line}:{seq.Column} ({seq.Items.Count})\n");
                foreach (var item in seq.Items)
                {
                    Write(sb, item, depth + 1);
                }

                break;
            case YamlMapping m:
                sb.Append($"mapping {m.Line}:{m.Column} ({m.Entries.Count})\n");
                foreach (var (key, value) in m.Entries)
                {
                    Write(sb, key, depth + 1);
                    Write(sb, value, depth + 2);
                }

                foreach (var (key, firstLine) in m.Duplicates)
                {
                    sb.Append(' ', depth * 2 + 2).Append($"duplicate of line {firstLine}: ");
                    Write(sb, key, 0);
                }

                break;
        }
    }

    private static string Escape(string value) =>
        value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            .Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
