using System.Text;

namespace Sluice.Engine.Secrets;

/// <summary>
/// Replaces every secret value in a text with <c>***</c>. For each secret it masks the whole value, each
/// non-blank line of a multi-line value (a PEM key printed line by line) and the base64 form of the value
/// and of each line (with and without padding). Longer patterns are replaced first so that a short secret
/// that is part of a longer one cannot leave a fragment of the longer one visible.
/// </summary>
internal sealed class SecretMasker
{
    public const string Mask = "***";

    private readonly string[] patterns;

    public SecretMasker(IEnumerable<string> secretValues)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in secretValues)
        {
            AddForms(set, value);
            foreach (var line in value.Split('\n'))
            {
                AddForms(set, line.TrimEnd('\r'));
            }
        }

        patterns = [.. set.OrderByDescending(p => p.Length).ThenBy(p => p, StringComparer.Ordinal)];
    }

    public static readonly SecretMasker None = new([]);

    public bool IsEmpty => patterns.Length == 0;

    public string Apply(string text)
    {
        if (patterns.Length == 0 || text.Length == 0)
        {
            return text;
        }

        foreach (var pattern in patterns)
        {
            if (text.Contains(pattern, StringComparison.Ordinal))
            {
                text = text.Replace(pattern, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    private static void AddForms(HashSet<string> set, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return;
        }

        var trimmed = value.Trim();
        set.Add(value);
        set.Add(trimmed);
        var base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
        set.Add(base64);
        set.Add(base64.TrimEnd('='));
    }
}
