using Sluice.Core.Diagnostics;
using Sluice.Core.Time;

namespace Sluice.Core.Releases.Config;

/// <summary><c>sprint:</c> — start date, cadence (a duration such as <c>2w</c>), templates and conflict handling.</summary>
internal static class SprintConfigParser
{
    private static readonly string[] Keys =
    [
        "start", "cadence", "branch", "pr-title", "pr-body", "seed-message", "on-conflict", "close-comment", "merge-method", "policy",
    ];

    public static SprintConfig? Parse(ConfigReader reader, ConfigNode node)
    {
        var map = reader.Mapping(node, "`sprint`", Keys);
        if (map is null)
        {
            return null;
        }

        var d = SprintConfig.Default;
        var cadence = d.Cadence;
        if (map.TryGetValue("cadence", out var cadenceNode) && reader.String(cadenceNode, "cadence") is { } text)
        {
            if (!Duration.TryParse(text, out cadence, out var error) || cadence < TimeSpan.FromDays(1))
            {
                reader.Error(DiagnosticCodes.InvalidCadence, cadenceNode, $"`cadence` must be a duration of at least a day such as `2w` or `7d`: {error ?? "too short"}");
                cadence = d.Cadence;
            }
        }

        var branch = ReleaseConfigParser.Get(map, "branch", n => reader.String(n, "branch")) ?? d.Branch;
        if (!branch.Contains("{n}", StringComparison.Ordinal))
        {
            reader.Error(DiagnosticCodes.InvalidValue, map["branch"], $"`branch` must contain `{{n}}` (the sprint number), not `{branch}`");
        }

        var conflict = ReleaseConfigParser.Get(map, "on-conflict", n => reader.Choice(n, "on-conflict", ["close", "fail"]));
        return new SprintConfig(
            ReleaseConfigParser.GetValue(map, "start", n => reader.Date(n, "start")),
            cadence,
            branch,
            ReleaseConfigParser.Get(map, "pr-title", n => reader.String(n, "pr-title")) ?? d.PrTitle,
            ReleaseConfigParser.Get(map, "pr-body", n => reader.String(n, "pr-body")) ?? d.PrBody,
            ReleaseConfigParser.Get(map, "seed-message", n => reader.String(n, "seed-message")) ?? d.SeedMessage,
            conflict == "fail" ? SprintConflictAction.Fail : SprintConflictAction.Close,
            ReleaseConfigParser.Get(map, "close-comment", n => reader.String(n, "close-comment")) ?? d.CloseComment,
            ReleaseConfigParser.Get(map, "merge-method", n => reader.Choice(n, "merge-method", ["merge", "squash", "rebase"])) ?? d.MergeMethod,
            ReleaseConfigParser.GetValue(map, "policy", n => ReleaseConfigParser.ParsePolicy(reader, n, "policy")) ?? d.Policy);
    }
}
