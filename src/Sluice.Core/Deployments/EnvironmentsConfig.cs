namespace Sluice.Core.Deployments;

/// <summary>
/// <c>.sluice/environments.yml</c>: the deployment environments of a repository and the rules each one
/// enforces, plus named <see cref="Teams"/> that approval rules may refer to. An environment a job names
/// that is not listed here is refused when a file exists; without a file every environment has no rules.
/// </summary>
/// <param name="File">The path the file was read from, as given to the parser.</param>
/// <param name="Environments">In written order.</param>
/// <param name="Teams">Team name to its members (user names).</param>
public sealed record EnvironmentsConfig(
    string File,
    IReadOnlyList<EnvironmentDefinition> Environments,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Teams)
{
    /// <summary>No file: every environment is allowed without rules.</summary>
    public static EnvironmentsConfig None { get; } = new("", [], new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>True when the configuration came from a file (then only listed environments exist).</summary>
    public bool IsDeclared => File.Length > 0;

    public EnvironmentDefinition? Find(string name) => Environments.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>The environment's rules; an undeclared name gets an empty rule set when no file exists, null otherwise.</summary>
    public EnvironmentDefinition? Resolve(string name) => Find(name) ?? (IsDeclared ? null : EnvironmentDefinition.Unrestricted(name));

    /// <summary>The user names allowed to approve: listed reviewers and members of listed teams, without duplicates.</summary>
    public IReadOnlyList<string> Reviewers(ApprovalRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        var names = new List<string>(rule.Reviewers);
        foreach (var team in rule.Teams)
        {
            if (Teams.TryGetValue(team, out var members))
            {
                names.AddRange(members);
            }
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }
}
