namespace Sluice.Engine.Secrets;

/// <summary>
/// Sluice's own credentials, which its processes may read from their environment (<c>sluice serve</c>'s GitHub token and
/// webhook secrets, an agent's token, an API token, a database URL with its password) and which no step may inherit:
/// every step of every build, a fork pull request's included, would otherwise see them in its environment. Pure: a
/// filter over names.
/// </summary>
internal static class WithheldVariables
{
    private static readonly string[] Names =
    [
        "SLUICE_AGENT_TOKEN", "SLUICE_API_TOKEN", "SLUICE_DATABASE", "SLUICE_GITHUB_TOKEN", "SLUICE_WEBHOOK_SECRET",
    ];

    /// <summary>Per-repository secrets and tokens: <c>SLUICE_REPO_&lt;OWNER&gt;_&lt;NAME&gt;_WEBHOOK_SECRET</c> and <c>_TOKEN</c>.</summary>
    private const string RepositoryPrefix = "SLUICE_REPO_";

    public static bool IsWithheld(string name) =>
        Array.IndexOf(Names, name) >= 0 || name.StartsWith(RepositoryPrefix, StringComparison.Ordinal);

    /// <summary>The environment a step inherits from <paramref name="process"/>: everything but Sluice's own credentials.</summary>
    public static Dictionary<string, string> Inheritable(System.Collections.IDictionary process)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in process)
        {
            var name = (string)entry.Key;
            if (!IsWithheld(name))
            {
                environment[name] = (string?)entry.Value ?? "";
            }
        }

        return environment;
    }
}
