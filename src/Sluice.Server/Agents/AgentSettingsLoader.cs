using Sluice.Core.Time;
using Sluice.Server.Config;
using YamlDotNet.RepresentationModel;

namespace Sluice.Server.Agents;

/// <summary>
/// Reads the <c>agents:</c> section (docs/agent-protocol.md): <c>tokens</c> (name: token, <c>${VAR}</c> allowed),
/// <c>local-capacity</c>, <c>labels</c>, <c>lease</c>, <c>sweep-interval</c>, <c>pickup-limit</c>, <c>retries</c>,
/// <c>max-claim-wait</c>. <c>SLUICE_AGENT_TOKEN</c> adds a token named <c>env</c>. Problems are added to <c>errors</c>.
/// </summary>
internal static class AgentSettingsLoader
{
    public static AgentSettings? Load(YamlMappingNode? section, Func<string, string?> env, List<string> errors)
    {
        if (section is null)
        {
            return null;
        }

        var values = new ConfigValues(section, env, errors);
        var tokens = new Dictionary<string, string>(values.StringMap("tokens"), StringComparer.Ordinal);
        if (env("SLUICE_AGENT_TOKEN") is { Length: > 0 } envToken)
        {
            tokens["env"] = envToken;
        }

        var defaults = AgentSettings.Default(tokens);
        var settings = defaults with
        {
            LocalCapacity = values.Int("local-capacity") ?? 0,
            Labels = values.StringList("labels"),
            Lease = Duration(values.String("lease"), "lease", defaults.Lease, errors),
            SweepInterval = Duration(values.String("sweep-interval"), "sweep-interval", defaults.SweepInterval, errors),
            PickupLimit = Duration(values.String("pickup-limit"), "pickup-limit", defaults.PickupLimit, errors),
            RetryBudget = values.Int("retries") ?? defaults.RetryBudget,
            MaxClaimWait = Duration(values.String("max-claim-wait"), "max-claim-wait", defaults.MaxClaimWait, errors),
        };
        if (settings.LocalCapacity < 0 || settings.RetryBudget < 0)
        {
            errors.Add("agents: local-capacity and retries must be 0 or more");
        }

        if (tokens.Values.Any(t => t.Length < 16))
        {
            errors.Add("agents: every token must be at least 16 characters long");
        }

        return settings;
    }

    private static TimeSpan Duration(string? text, string key, TimeSpan fallback, List<string> errors)
    {
        if (text is null)
        {
            return fallback;
        }

        if (Core.Time.Duration.TryParse(text, out var value, out _) && value > TimeSpan.Zero)
        {
            return value;
        }

        errors.Add($"agents: {key}: `{text}` is not a duration such as 60s");
        return fallback;
    }
}
