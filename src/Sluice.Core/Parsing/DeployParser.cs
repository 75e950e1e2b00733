using Sluice.Core.Deployments;
using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses a job's <c>deploy:</c> block (strategy preset or explicit steps, and the user's commands).</summary>
internal sealed class DeployParser(ParseContext context, ExpressionValidation expressions)
{
    private static readonly string[] DeployKeys = ["strategy", "steps", "shift", "check", "rollback", "timeout"];

    public DeployDefinition? Parse(YamlNode node, List<LocatedReference> refs)
    {
        if (context.Mapping(node, "`deploy`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "`deploy`", DeployKeys);
        string? strategy = null;
        IReadOnlyList<DeployStep> steps = [new DeployStep(100, null, false)];
        if (m.Get("strategy") is { } strategyNode && context.String(strategyNode, "`deploy.strategy`") is { } name)
        {
            strategy = name;
            if (StrategyPresets.TryCompile(name, out var compiled, out var error))
            {
                steps = compiled;
            }
            else
            {
                var suggestion = Suggestions.DidYouMean(name, StrategyPresets.Documented);
                context.Error(DiagnosticCodes.InvalidDeploy, strategyNode, $"{error}",
                    suggestion is not null ? $"did you mean `{suggestion}`?" : "presets: AllAtOnce, Canary10Percent5Minutes, Linear10PercentEvery1Minute, ...");
            }

            if (m.Get("steps") is not null)
            {
                context.Error(DiagnosticCodes.InvalidDeploy, m.GetKey("steps")!, "`deploy` has both `strategy` and `steps`", "use a preset or explicit steps, not both");
            }
        }
        else if (m.Get("steps") is { } stepsNode)
        {
            steps = ParseSteps(stepsNode);
        }

        var shift = Command(m, "shift", refs);
        if (shift is null && m.Get("shift") is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`deploy` needs a `shift` command", "it receives SLUICE_TRAFFIC_PERCENT, SLUICE_VERSION and SLUICE_PREVIOUS_VERSION");
        }

        var rollback = Command(m, "rollback", refs);
        var check = m.Get("check") is { } checkNode ? ParseCheck(checkNode, refs) : null;
        var timeout = m.Get("timeout") is { } t ? context.Duration(t, "`deploy.timeout`") : null;
        return new DeployDefinition(strategy, steps, shift ?? "", check, rollback, timeout);
    }

    private List<DeployStep> ParseSteps(YamlNode node)
    {
        var steps = new List<DeployStep>();
        if (node is not YamlSequence seq)
        {
            context.Error(DiagnosticCodes.WrongType, node, "`deploy.steps` must be a list");
            return steps;
        }

        var last = 0;
        foreach (var item in seq.Items)
        {
            if (context.Mapping(item, "a deploy step") is not { } m)
            {
                continue;
            }

            context.CheckKeys(m, "a deploy step", ["shift", "pause"]);
            if (m.Entries.Count != 1)
            {
                context.Error(DiagnosticCodes.InvalidDeploy, item, "a deploy step is exactly one of `shift: <percent>` or `pause: <duration | until-approved>`");
                continue;
            }

            if (m.Get("shift") is { } shiftNode && context.Int(shiftNode, "`shift`", 0, 100) is { } percent)
            {
                if (percent < last)
                {
                    context.Warning(DiagnosticCodes.InvalidDeploy, shiftNode, $"shift to {percent}% is lower than the previous {last}%");
                }

                last = percent;
                steps.Add(new DeployStep(percent, null, false));
            }
            else if (m.Get("pause") is YamlScalar { Value: "until-approved" })
            {
                steps.Add(new DeployStep(null, null, true));
            }
            else if (m.Get("pause") is { } pauseNode && context.Duration(pauseNode, "`pause`") is { } pause)
            {
                steps.Add(new DeployStep(null, pause, false));
            }
        }

        if (last != 100 && seq.Items.Count == steps.Count)
        {
            context.Error(DiagnosticCodes.InvalidDeploy, node, "deploy steps must end with `shift: 100`", "a deployment that never reaches 100% never completes");
        }

        return steps;
    }

    private DeployCheck? ParseCheck(YamlNode node, List<LocatedReference> refs)
    {
        if (node is YamlScalar s)
        {
            expressions.Template(s, "`deploy.check`", ExpressionScopes.StepCommand, refs);
            return new DeployCheck(s.Value, TimeSpan.FromSeconds(30), 3);
        }

        if (context.Mapping(node, "`deploy.check`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "`deploy.check`", ["run", "interval", "threshold"]);
        var run = Command(m, "run", refs);
        if (run is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`deploy.check` needs `run`");
            return null;
        }

        var interval = m.Get("interval") is { } i ? context.Duration(i, "`check.interval`") ?? TimeSpan.FromSeconds(30) : TimeSpan.FromSeconds(30);
        var threshold = m.Get("threshold") is { } t ? context.Int(t, "`check.threshold`", 1, 100) ?? 3 : 3;
        return new DeployCheck(run, interval, threshold);
    }

    private string? Command(YamlMapping m, string key, List<LocatedReference> refs)
    {
        if (m.Get(key) is not { } node || context.String(node, $"`{key}`") is not { } text)
        {
            return null;
        }

        expressions.Template((YamlScalar)node, $"`deploy.{key}`", ExpressionScopes.StepCommand, refs);
        return text;
    }
}
