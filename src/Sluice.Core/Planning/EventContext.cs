using Sluice.Core.Events;
using Sluice.Core.Expressions;

namespace Sluice.Core.Planning;

/// <summary>
/// Builds the <c>event</c> expression context from a <see cref="PipelineEvent"/>. Shared by the planner
/// (static conditions) and the engine (run-time expressions) so both see exactly the same values.
/// </summary>
public static class EventContext
{
    public static ExprValue Build(PipelineEvent ev, IReadOnlyDictionary<string, string>? commandArgs = null)
    {
        ArgumentNullException.ThrowIfNull(ev);
        var properties = new Dictionary<string, ExprValue>(StringComparer.Ordinal)
        {
            ["kind"] = ExprValue.FromString(PipelineEvent.KindText(ev.Kind)),
            ["ref"] = Text(ev.Ref),
            ["branch"] = Text(ev.Branch),
            ["tag"] = Text(ev.Tag),
            ["sha"] = Text(ev.Sha),
            ["base_sha"] = Text(ev.BaseSha),
            ["base_branch"] = Text(ev.BaseBranch),
            ["actor"] = Text(ev.Actor),
            ["repository"] = Text(ev.Repository),
            ["deleted"] = ExprValue.FromBoolean(ev.Deleted),
            ["comment"] = Text(ev.Comment),
            ["changed_files"] = ev.ChangedFiles is null ? ExprValue.Null : ExprValue.FromArray(ev.ChangedFiles.Select(ExprValue.FromString).ToList()),
            ["pull_request"] = ev.PullRequest is null
                ? ExprValue.Null
                : ExprValue.FromObject(new Dictionary<string, ExprValue>(StringComparer.Ordinal)
                {
                    ["number"] = ExprValue.FromNumber(ev.PullRequest.Value),
                    ["fork"] = ExprValue.FromBoolean(ev.Fork),
                    ["action"] = Text(ev.PullRequestAction),
                    ["merged"] = ExprValue.FromBoolean(ev.Merged),
                }),
            ["command"] = commandArgs is null
                ? ExprValue.Null
                : ExprValue.FromObject(new Dictionary<string, ExprValue>(StringComparer.Ordinal)
                {
                    ["args"] = ExprValue.FromObject(commandArgs.ToDictionary(kv => kv.Key, kv => ExprValue.FromString(kv.Value), StringComparer.Ordinal)),
                }),
        };
        return ExprValue.FromObject(properties);
    }

    /// <summary>
    /// The <c>inputs</c> context with typed values: booleans are true/false and numbers are numbers, so
    /// <c>if: inputs.dry-run</c> means what it says. Values of undeclared inputs stay strings.
    /// </summary>
    public static ExprValue Inputs(IReadOnlyList<Pipelines.InputDefinition> definitions, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        ArgumentNullException.ThrowIfNull(values);
        var typed = new Dictionary<string, ExprValue>(StringComparer.Ordinal);
        foreach (var (name, text) in values)
        {
            var type = definitions.FirstOrDefault(d => d.Name == name)?.Type;
            typed[name] = type switch
            {
                Pipelines.InputType.Boolean when bool.TryParse(text, out var b) => ExprValue.FromBoolean(b),
                Pipelines.InputType.Number when double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var n) => ExprValue.FromNumber(n),
                _ => ExprValue.FromString(text),
            };
        }

        return ExprValue.FromObject(typed);
    }

    public static ExprValue Strings(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ExprValue.FromObject(values.ToDictionary(kv => kv.Key, kv => ExprValue.FromString(kv.Value), StringComparer.Ordinal));
    }

    private static ExprValue Text(string? value) => value is null ? ExprValue.Null : ExprValue.FromString(value);
}
