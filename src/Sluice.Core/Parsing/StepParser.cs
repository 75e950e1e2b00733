using Sluice.Core.Diagnostics;
using Sluice.Core.Pipelines;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses a job's <c>steps:</c>, or its single <c>run:</c> as one step.</summary>
internal sealed class StepParser(ParseContext context, ExpressionValidation expressions)
{
    private static readonly string[] StepKeys = ["id", "name", "run", "shell", "env", "if", "timeout", "continue-on-error", "working-directory"];

    /// <summary>Shells known by name; anything else must be a command line containing <c>{0}</c> (the script file).</summary>
    public static readonly IReadOnlyList<string> KnownShells = ["bash", "sh", "python", "python3", "pwsh", "node"];

    // Shared by every step without `env:`; read-only, so no caller can change it for the others.
    private static readonly IReadOnlyDictionary<string, string> NoEnv = System.Collections.ObjectModel.ReadOnlyDictionary<string, string>.Empty;

    public IReadOnlyList<StepDefinition> Parse(string jobId, YamlMapping job, string? jobShell, List<LocatedReference> refs)
    {
        var stepsNode = job.Get("steps");
        var runNode = job.Get("run");
        CheckShell(job.Get("shell"));
        if (stepsNode is not null && runNode is not null)
        {
            context.Error(DiagnosticCodes.RunAndSteps, job.GetKey("run")!, $"job `{jobId}` has both `run` and `steps`", "use `run` for a single command or `steps` for several, not both");
        }

        if (runNode is not null)
        {
            if (context.String(runNode, "`run`") is not { } run)
            {
                return [];
            }

            expressions.Template((YamlScalar)runNode, "`run`", ExpressionScopes.StepCommand, refs);
            return [new StepDefinition(null, jobId, run, jobShell, NoEnv, null, null, false, null, context.At(runNode))];
        }

        if (stepsNode is null)
        {
            // A deploy job's work is its `deploy:` commands; steps are optional there.
            if (job.Get("deploy") is null)
            {
                context.Error(DiagnosticCodes.NoSteps, job, $"job `{jobId}` has nothing to run", "add `run: <command>` or a `steps:` list");
            }

            return [];
        }

        if (stepsNode is not YamlSequence sequence)
        {
            context.Error(DiagnosticCodes.WrongType, stepsNode, $"`steps` must be a list, not {stepsNode.Kind}");
            return [];
        }

        if (sequence.Items.Count == 0)
        {
            context.Error(DiagnosticCodes.NoSteps, stepsNode, $"job `{jobId}` has an empty `steps` list");
        }

        var steps = new List<StepDefinition>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in sequence.Items)
        {
            if (ParseStep(item, jobShell, refs, ids) is { } step)
            {
                steps.Add(step);
            }
        }

        return steps;
    }

    private StepDefinition? ParseStep(YamlNode node, string? jobShell, List<LocatedReference> refs, HashSet<string> ids)
    {
        // `- make test` is shorthand for `- run: make test`.
        if (node is YamlScalar shorthand)
        {
            expressions.Template(shorthand, "`run`", ExpressionScopes.StepCommand, refs);
            return new StepDefinition(null, FirstLine(shorthand.Value), shorthand.Value, jobShell, NoEnv, null, null, false, null, context.At(node));
        }

        if (context.Mapping(node, "a step") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "a step", StepKeys);
        if (m.Get("run") is not { } runNode)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "a step needs `run`", "e.g. `- run: make test`");
            return null;
        }

        var run = context.String(runNode, "`run`") ?? "";
        if (runNode is YamlScalar runScalar)
        {
            expressions.Template(runScalar, "`run`", ExpressionScopes.StepCommand, refs);
        }

        string? id = null;
        if (m.Get("id") is { } idNode && context.String(idNode, "`id`") is { } idText)
        {
            id = idText;
            if (!ids.Add(idText))
            {
                context.Error(DiagnosticCodes.DuplicateKey, idNode, $"duplicate step id `{idText}`");
            }
        }

        var name = m.Get("name") is YamlScalar nameNode ? nameNode.Value : FirstLine(run);
        if (m.Get("name") is YamlScalar named)
        {
            expressions.Template(named, "step `name`", ExpressionScopes.StepField, refs);
        }

        var shell = m.Get("shell") is { } shellNode ? context.String(shellNode, "`shell`") : jobShell;
        CheckShell(m.Get("shell"));
        var env = m.Get("env") is { } envNode
            ? context.StringMap(envNode, "`env`", (s, k) => expressions.Template(s, $"`env.{k}`", ExpressionScopes.StepCommand, refs))
            : NoEnv;
        string? condition = null;
        if (m.Get("if") is YamlScalar ifNode)
        {
            condition = ifNode.Value;
            expressions.Condition(ifNode, "step `if`", ExpressionScopes.StepCondition, refs);
        }
        else if (m.Get("if") is { } badIf)
        {
            context.String(badIf, "`if`");
        }

        var timeout = m.Get("timeout") is { } t ? context.Duration(t, "`timeout`") : null;
        var continueOnError = m.Get("continue-on-error") is { } coe && (context.Bool(coe, "`continue-on-error`") ?? false);
        string? workingDirectory = null;
        if (m.Get("working-directory") is { } wd && context.String(wd, "`working-directory`") is { } wdText)
        {
            workingDirectory = wdText;
            expressions.Template((YamlScalar)wd, "`working-directory`", ExpressionScopes.StepField, refs);
        }

        return new StepDefinition(id, name, run, shell, env, condition, timeout, continueOnError, workingDirectory, context.At(node));
    }

    private void CheckShell(YamlNode? node) => CheckShell(context, node);

    public static void CheckShell(ParseContext context, YamlNode? node)
    {
        if (node is YamlScalar { Value: var shell } && !KnownShells.Contains(shell.Split(' ')[0]) && !shell.Contains("{0}", StringComparison.Ordinal))
        {
            context.Error(DiagnosticCodes.InvalidValue, node, $"unknown shell `{shell}`",
                $"use one of {string.Join(", ", KnownShells)}, or a command with `{{0}}` for the script file, e.g. `perl {{0}}`");
        }
    }

    private static string FirstLine(string run)
    {
        foreach (var range in run.AsSpan().Split('\n'))
        {
            var line = run.AsSpan(range).Trim();
            if (line.Length > 0)
            {
                return line.Length > 60 ? string.Concat(line[..57], "...") : line.Length == run.Length ? run : line.ToString();
            }
        }

        return "run";
    }
}
