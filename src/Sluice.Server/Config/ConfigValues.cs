using System.Globalization;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Sluice.Server.Config;

/// <summary>Typed reads of one YAML mapping; wrong types become errors.</summary>
internal sealed partial class ConfigValues(YamlMappingNode map, Func<string, string?> env, List<string> errors)
{
    public string? String(string key) => Find(key) switch
    {
        null => null,
        YamlScalarNode scalar => Expand(scalar.Value ?? ""),
        _ => Error<string>(key, "a text value"),
    };

    public int? Int(string key) => String(key) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : Error<int?>(key, "a whole number")
        : null;

    public bool? Bool(string key) => String(key) is { } text
        ? bool.TryParse(text, out var b) ? b : Error<bool?>(key, "true or false")
        : null;

    public YamlMappingNode? Mapping(string key) => Find(key) switch
    {
        null => null,
        YamlMappingNode m => m,
        _ => Error<YamlMappingNode>(key, "a mapping"),
    };

    public IReadOnlyList<YamlNode> Sequence(string key) => Find(key) switch
    {
        null => [],
        YamlSequenceNode s => s.Children.ToList(),
        _ => Error<IReadOnlyList<YamlNode>>(key, "a list") ?? [],
    };

    public IReadOnlyList<string> StringList(string key) =>
        Sequence(key).OfType<YamlScalarNode>().Select(s => Expand(s.Value ?? "")).ToList();

    public IReadOnlyDictionary<string, string> StringMap(string key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in (IEnumerable<KeyValuePair<YamlNode, YamlNode>>?)Mapping(key)?.Children ?? [])
        {
            if (k is YamlScalarNode name && v is YamlScalarNode value)
            {
                result[name.Value ?? ""] = Expand(value.Value ?? "");
            }
            else
            {
                errors.Add($"{key}: entries must be `name: value`");
            }
        }

        return result;
    }

    private YamlNode? Find(string key) =>
        map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode s && s.Value == key).Value;

    private string Expand(string value) => EnvReference().Replace(value, m => env(m.Groups[1].Value) ?? "");

    private T? Error<T>(string key, string expected)
    {
        errors.Add($"`{key}` must be {expected}");
        return default;
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex EnvReference();
}
