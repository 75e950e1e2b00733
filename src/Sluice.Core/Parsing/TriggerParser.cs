using System.Globalization;
using Sluice.Core.Diagnostics;
using Sluice.Core.Globs;
using Sluice.Core.Pipelines;
using Sluice.Core.Planning;
using Sluice.Core.Scheduling;
using Sluice.Core.Yaml;

namespace Sluice.Core.Parsing;

/// <summary>Parses the <c>on:</c> block.</summary>
internal sealed class TriggerParser(ParseContext context)
{
    private static readonly string[] TriggerKeys = ["push", "pull_request", "tag", "schedule", "comment", "manual", "api"];
    private static readonly string[] PushKeys = ["branches", "branches-ignore", "tags", "paths", "paths-ignore"];
    private static readonly string[] PullRequestKeys = ["types", "branches", "paths", "paths-ignore"];
    private static readonly string[] ScheduleKeys = ["cron", "timezone", "every", "start"];
    private static readonly string[] InputKeys = ["type", "description", "required", "default", "options"];

    public Triggers Parse(YamlNode node)
    {
        // `on: push` and `on: [push, manual]` enable triggers with default settings.
        if (node is YamlScalar { IsNull: true } or YamlSequence { Items.Count: 0 })
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`on` lists no triggers", "add e.g. `on: push` or `on: [push, manual]`");
            return Triggers.None;
        }

        if (node is YamlScalar or YamlSequence)
        {
            var result = Triggers.None;
            foreach (var (name, scalar) in context.StringList(node, "`on`"))
            {
                result = Enable(result, name, scalar);
            }

            return result;
        }

        if (context.Mapping(node, "`on`") is not { } mapping)
        {
            return Triggers.None;
        }

        if (mapping.Entries.Count == 0)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`on` lists no triggers", "add e.g. `push:`, `pull_request:` or `manual:`");
        }

        context.CheckKeys(mapping, "`on`", TriggerKeys);
        var triggers = Triggers.None;
        foreach (var (key, value) in mapping.Entries)
        {
            triggers = key.Value switch
            {
                "push" => triggers with { Push = ParsePush(value) },
                "pull_request" => triggers with { PullRequest = ParsePullRequest(value) },
                "tag" => triggers with { Tag = ParseTag(value) },
                "schedule" => triggers with { Schedule = ParseSchedule(value) },
                "comment" => triggers with { Comment = ParseComment(value) },
                "manual" => triggers with { Manual = ParseManual(value) },
                "api" => triggers with { Api = value is YamlScalar { IsNull: true } || (context.Bool(value, "`on.api`") ?? false) },
                _ => triggers,
            };
        }

        return triggers;
    }

    private Triggers Enable(Triggers triggers, string name, YamlScalar at)
    {
        switch (name)
        {
            case "push":
                return triggers with { Push = new PushTrigger(null, null, null, null, null) };
            case "pull_request":
                return triggers with { PullRequest = new PullRequestTrigger(PullRequestTrigger.DefaultTypes, null, null, null) };
            case "manual":
                return triggers with { Manual = new ManualTrigger([]) };
            case "api":
                return triggers with { Api = true };
            case "tag":
                return triggers with { Tag = new TagTrigger(GlobList.Of("**")) };
            case "schedule" or "comment":
                context.Error(DiagnosticCodes.MissingKey, at, $"trigger `{name}` needs settings and cannot be listed bare",
                    name == "schedule" ? "write `on: { schedule: { cron: '0 6 * * 1-5' } }`" : "write `on: { comment: ['/deploy {environment}'] }`");
                return triggers;
            default:
                var suggestion = Suggestions.DidYouMean(name, TriggerKeys);
                context.Error(DiagnosticCodes.UnknownKey, at, $"unknown trigger `{name}`",
                    suggestion is null ? $"triggers: {string.Join(", ", TriggerKeys)} (schedule and comment need settings)" : $"did you mean `{suggestion}`?");
                return triggers;
        }
    }

    private PushTrigger ParsePush(YamlNode node)
    {
        if (node is YamlScalar { IsNull: true } || context.Mapping(node, "`on.push`") is not { } m)
        {
            return new PushTrigger(null, null, null, null, null);
        }

        context.CheckKeys(m, "`on.push`", PushKeys);
        if (m.Get("branches") is not null && m.Get("branches-ignore") is not null)
        {
            context.Error(DiagnosticCodes.InvalidValue, m.GetKey("branches-ignore")!, "`branches` and `branches-ignore` cannot be used together",
                "use `branches` with a `!pattern` to exclude");
        }

        return new PushTrigger(
            GlobsAt(m, "branches", "on.push.branches"),
            GlobsAt(m, "branches-ignore", "on.push.branches-ignore"),
            GlobsAt(m, "tags", "on.push.tags"),
            GlobsAt(m, "paths", "on.push.paths"),
            GlobsAt(m, "paths-ignore", "on.push.paths-ignore"));
    }

    private PullRequestTrigger ParsePullRequest(YamlNode node)
    {
        if (node is YamlScalar { IsNull: true } || context.Mapping(node, "`on.pull_request`") is not { } m)
        {
            return new PullRequestTrigger(PullRequestTrigger.DefaultTypes, null, null, null);
        }

        context.CheckKeys(m, "`on.pull_request`", PullRequestKeys);
        var types = PullRequestTrigger.DefaultTypes;
        if (m.Get("types") is { } typesNode)
        {
            var list = new List<string>();
            foreach (var (type, scalar) in context.StringList(typesNode, "`on.pull_request.types`"))
            {
                if (PullRequestTrigger.KnownTypes.Contains(type))
                {
                    list.Add(type);
                }
                else
                {
                    var suggestion = Suggestions.DidYouMean(type, PullRequestTrigger.KnownTypes);
                    context.Error(DiagnosticCodes.InvalidValue, scalar, $"unknown pull_request type `{type}`",
                        suggestion is null ? $"types: {string.Join(", ", PullRequestTrigger.KnownTypes)}" : $"did you mean `{suggestion}`?");
                }
            }

            types = list;
            if (typesNode is YamlSequence { Items.Count: 0 })
            {
                context.Error(DiagnosticCodes.InvalidValue, typesNode, "`on.pull_request.types` is empty and would match nothing", "omit `types` for the defaults (opened, synchronize, reopened)");
            }
        }

        return new PullRequestTrigger(types, GlobsAt(m, "branches", "on.pull_request.branches"), GlobsAt(m, "paths", "on.pull_request.paths"),
            GlobsAt(m, "paths-ignore", "on.pull_request.paths-ignore"));
    }

    private TagTrigger ParseTag(YamlNode node)
    {
        if (node is YamlScalar { IsNull: true })
        {
            return new TagTrigger(GlobList.Of("**"));
        }

        if (node is YamlMapping m)
        {
            context.CheckKeys(m, "`on.tag`", ["patterns"]);
            return new TagTrigger(GlobsAt(m, "patterns", "on.tag.patterns") ?? GlobList.Of("**"));
        }

        return new TagTrigger(context.Globs(node, "`on.tag`") ?? new GlobList([]));
    }

    private ScheduleTrigger? ParseSchedule(YamlNode node)
    {
        // `schedule: "0 6 * * 1"` and `schedule: [ ... ]` are shorthands for `cron:`.
        if (node is YamlScalar or YamlSequence)
        {
            return new ScheduleTrigger(Crons(node), "UTC", null);
        }

        if (context.Mapping(node, "`on.schedule`") is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, "`on.schedule`", ScheduleKeys);
        var crons = m.Get("cron") is { } cronNode ? Crons(cronNode) : [];
        var timezone = "UTC";
        if (m.Get("timezone") is { } tzNode && context.String(tzNode, "`on.schedule.timezone`") is { } tz)
        {
            if (TimeZones.TryFind(tz, out _))
            {
                timezone = tz;
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidTimezone, tzNode, $"unknown timezone `{tz}`", "use an IANA name such as `Europe/Berlin` or `UTC`");
            }
        }

        CadenceSpec? every = null;
        var everyNode = m.Get("every");
        var startNode = m.Get("start");
        if (everyNode is not null)
        {
            var interval = context.Duration(everyNode, "`on.schedule.every`");
            if (startNode is null)
            {
                context.Error(DiagnosticCodes.InvalidCadence, m.GetKey("every")!, "`every` needs a `start` date to count from",
                    "add e.g. `start: 2026-01-05` (a date, or `2026-01-05 09:00`, in the schedule's timezone)");
            }
            else if (ParseStart(startNode) is { } start && interval is { } iv)
            {
                if (Cadence.TryCreate(iv, start, out _, out var cadenceError))
                {
                    every = new CadenceSpec(iv, start);
                }
                else
                {
                    context.Error(DiagnosticCodes.InvalidCadence, everyNode, $"invalid cadence: {cadenceError}", "a cadence is at least `1m`, e.g. `every: 2w`");
                }
            }
        }
        else if (startNode is not null)
        {
            context.Error(DiagnosticCodes.InvalidCadence, m.GetKey("start")!, "`start` is only meaningful with `every`");
        }

        if (m.Get("cron") is null && everyNode is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`on.schedule` needs `cron` or `every`", "e.g. `cron: '0 6 * * 1-5'` or `every: 2w` with `start:`");
        }

        return new ScheduleTrigger(crons, timezone, every);
    }

    private DateTime? ParseStart(YamlNode node)
    {
        if (context.String(node, "`on.schedule.start`") is not { } text)
        {
            return null;
        }

        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd HH:mm", "yyyy-MM-ddTHH:mm", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-ddTHH:mm:ss"];
        if (DateTime.TryParseExact(text.Trim(), formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var start))
        {
            return DateTime.SpecifyKind(start, DateTimeKind.Unspecified);
        }

        context.Error(DiagnosticCodes.InvalidCadence, node, $"invalid start `{text}`", "write a date `2026-01-05` or a date and time `2026-01-05 09:00`");
        return null;
    }

    private List<string> Crons(YamlNode node)
    {
        var result = new List<string>();
        foreach (var (text, scalar) in context.StringList(node, "`on.schedule.cron`"))
        {
            if (CronExpression.TryParse(text, out _, out var error))
            {
                result.Add(text);
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidCron, scalar, $"invalid cron `{text}`: {error}",
                    "five fields: minute hour day-of-month month day-of-week, e.g. `0 6 * * 1-5`");
            }
        }

        return result;
    }

    private CommentTrigger? ParseComment(YamlNode node)
    {
        YamlNode commandsNode = node is YamlMapping m ? m.Get("commands") ?? node : node;
        if (node is YamlMapping mapping)
        {
            context.CheckKeys(mapping, "`on.comment`", ["commands"]);
        }

        var commands = new List<string>();
        foreach (var (text, scalar) in context.StringList(commandsNode, "`on.comment`"))
        {
            if (CommentCommand.TryParse(text, out _, out var error))
            {
                commands.Add(text);
            }
            else
            {
                context.Error(DiagnosticCodes.InvalidValue, scalar, $"invalid comment command `{text}`: {error}", "commands look like `/deploy {environment}`");
            }
        }

        if (commands.Count == 0 && context.StringList(commandsNode, "`on.comment`").Count == 0)
        {
            context.Error(DiagnosticCodes.MissingKey, node, "`on.comment` lists no commands", "e.g. `comment: ['/deploy {environment}']`");
        }

        return new CommentTrigger(commands);
    }

    private ManualTrigger ParseManual(YamlNode node)
    {
        if (node is YamlScalar { IsNull: true } || context.Mapping(node, "`on.manual`") is not { } m)
        {
            return new ManualTrigger([]);
        }

        context.CheckKeys(m, "`on.manual`", ["inputs"]);
        var inputs = new List<InputDefinition>();
        if (m.Get("inputs") is { } inputsNode && context.Mapping(inputsNode, "`on.manual.inputs`") is { } im)
        {
            foreach (var (key, value) in im.Entries)
            {
                if (new InputParser(context).Parse(key, value, InputKeys) is { } input)
                {
                    inputs.Add(input);
                }
            }
        }

        return new ManualTrigger(inputs);
    }

    private GlobList? GlobsAt(YamlMapping m, string key, string what) =>
        m.Get(key) is { } node ? context.Globs(node, $"`{what}`") : null;
}
