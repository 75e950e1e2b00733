using Sluice.Core.Diagnostics;
using Sluice.Core.Time;

namespace Sluice.Core.Releases.Config;

/// <summary><c>sprint:</c> — start date, cadence (<c>every:</c>, a duration such as <c>2w</c>, as in pipeline schedules), templates and conflict handling.</summary>
internal static class SprintConfigParser
{
    private static readonly string[] Keys =
    [
        "start", "every", "branch", "pr-title", "pr-body", "seed-message", "on-conflict", "close-comment", "merge-method", "policy",
    ];

    /// <summary>A template; <c>{sprint}</c> is accepted as another spelling of <c>{n}</c>.</summary>
    private static string? Template(Dictionary<string, ConfigNode> map, ConfigReader reader, string key) =>
        ReleaseConfigParser.Get(map, key, n => reader.String(n, key))?.Replace("{sprint}", "{n}", StringComparison.Ordinal);

    public static SprintConfig? Parse(ConfigReader reader, ConfigNode node)
    {
        var map = reader.Mapping(node, "`sprint`", Keys);
        if (map is null)
        {
            return null;
        }

        var d = SprintConfig.Default;
        var cadence = d.Cadence;
        if (map.TryGetValue("every", out var cadenceNode) && reader.String(cadenceNode, "every") is { } text)
        {
            if (!Duration.TryParse(text, out cadence, out var error) || cadence < TimeSpan.FromDays(1))
            {
                reader.Error(DiagnosticCodes.InvalidCadence, cadenceNode, $"`every` must be a duration of at least a day such as `2w` or `7d`: {error ?? "too short"}");
                cadence = d.Cadence;
            }
        }

        var branch = Template(map, reader, "branch") ?? d.Branch;
        if (!branch.Contains("{n}", StringComparison.Ordinal))
        {
            reader.Error(DiagnosticCodes.InvalidValue, map["branch"], $"`branch` must contain `{{n}}` or `{{sprint}}` (the sprint number), not `{branch}`");
        }

        var conflict = ReleaseConfigParser.Get(map, "on-conflict", n => reader.Choice(n, "on-conflict", ["close", "fail"]));
        return new SprintConfig(
            ReleaseConfigParser.GetValue(map, "start", n => reader.Date(n, "start")),
            cadence,
            branch,
            Template(map, reader, "pr-title") ?? d.PrTitle,
            Template(map, reader, "pr-body") ?? d.PrBody,
            Template(map, reader, "seed-message") ?? d.SeedMessage,
            conflict == "fail" ? SprintConflictAction.Fail : SprintConflictAction.Close,
            Template(map, reader, "close-comment") ?? d.CloseComment,
            ReleaseConfigParser.Get(map, "merge-method", n => reader.Choice(n, "merge-method", ["merge", "squash", "rebase"])) ?? d.MergeMethod,
            ReleaseConfigParser.GetValue(map, "policy", n => ReleaseConfigParser.ParsePolicy(reader, n, "policy")) ?? d.Policy);
    }
}
