using System.Text;

namespace Sluice.Engine.Execution;

/// <summary>Turns free text (a matrix axis such as <c>node-version</c>) into an environment variable name suffix (<c>NODE_VERSION</c>).</summary>
internal static class EnvironmentNames
{
    public static string Upper(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return sb.ToString();
    }
}
