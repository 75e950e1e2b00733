namespace Sluice.Core.Deployments;

/// <summary>
/// Checks an environment's static rules for one deployment request, in the order people expect to read them:
/// blocked, trigger (<c>auto</c>/<c>manual</c>), branches and tags. Approval and wait are not refusals: they
/// come back on the verdict for the engine to carry out.
/// </summary>
public static class DeploymentRules
{
    public static RuleVerdict Evaluate(EnvironmentDefinition environment, DeploymentFacts facts)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(facts);
        var name = environment.Name;
        if (environment.Blocked is { } blocked)
        {
            return RuleVerdict.Refused($"environment `{name}` is blocked: {blocked}");
        }

        var source = facts.Source;
        if (source == TriggerSource.Auto && !environment.Auto)
        {
            return RuleVerdict.Refused($"environment `{name}` does not deploy automatically (auto: false); deploy it by hand");
        }

        if (source != TriggerSource.Auto && !environment.Manual.Contains(source))
        {
            var allowed = environment.Manual.Count == 0 ? "no manual deployments" : "manual deployments only from " + string.Join(", ", environment.Manual.Order().Select(Text));
            return RuleVerdict.Refused($"environment `{name}` allows {allowed}, not from {Text(source)}");
        }

        if (RefRefusal(environment, facts) is { } refusal)
        {
            return RuleVerdict.Refused(refusal);
        }

        return new RuleVerdict(null, environment.Approval, environment.Wait);
    }

    public static string Text(TriggerSource source) => source switch
    {
        TriggerSource.Comment => "comment",
        TriggerSource.Cli => "cli",
        TriggerSource.Api => "api",
        _ => "auto",
    };

    private static string? RefRefusal(EnvironmentDefinition environment, DeploymentFacts facts)
    {
        var name = environment.Name;
        if (environment.Branches is null && environment.Tags is null)
        {
            return null;
        }

        if (facts.Tag is { } tag)
        {
            return environment.Tags is { } tags
                ? tags.IsMatch(tag) ? null : $"tag `{tag}` may not deploy to `{name}` (tags: {tags})"
                : $"tag `{tag}` may not deploy to `{name}` ({Allowed(environment)})";
        }

        if (facts.Branch is { } branch)
        {
            return environment.Branches is { } branches
                ? branches.IsMatch(branch) ? null : $"branch `{branch}` may not deploy to `{name}` (branches: {branches})"
                : $"branch `{branch}` may not deploy to `{name}` ({Allowed(environment)})";
        }

        return $"the branch or tag is unknown, and `{name}` allows only {Allowed(environment)}";
    }

    private static string Allowed(EnvironmentDefinition environment) =>
        string.Join("; ", new[] { ("branches", environment.Branches), ("tags", environment.Tags) }
            .Where(p => p.Item2 is not null).Select(p => $"{p.Item1}: {p.Item2}"));
}
