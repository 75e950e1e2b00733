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

    public static ExprValue Strings(IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return ExprValue.FromObject(values.ToDictionary(kv => kv.Key, kv => ExprValue.FromString(kv.Value), StringComparer.Ordinal));
    }

    private static ExprValue Text(string? value) => value is null ? ExprValue.Null : ExprValue.FromString(value);
}
