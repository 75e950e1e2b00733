using System.Text.RegularExpressions;
using Sluice.Core.Diagnostics;
using Sluice.Core.Parsing;
using Sluice.Core.Yaml;

namespace Sluice.Core.Deployments;

/// <summary>Reads one environment of <c>environments.yml</c>; problems become diagnostics on the shared context.</summary>
internal sealed partial class EnvironmentReader(ParseContext context, IReadOnlyDictionary<string, IReadOnlyList<string>> teams)
{
    private static readonly string[] EnvironmentKeys = ["url", "branches", "tags", "auto", "manual", "approval", "wait", "blocked", "vars", "secrets", "notify"];
    private static readonly string[] ApprovalKeys = ["reviewers", "teams", "required", "timeout", "self-approval"];
    private static readonly string[] NotifyKeys = ["webhook", "webhook-secret", "on"];
    private static readonly Dictionary<string, TriggerSource> ManualSources = new(StringComparer.Ordinal)
    {
        ["comment"] = TriggerSource.Comment,
        ["cli"] = TriggerSource.Cli,
        ["api"] = TriggerSource.Api,
    };

    private static readonly Dictionary<string, DeploymentNotice> Notices = new(StringComparer.Ordinal)
    {
        ["waiting"] = DeploymentNotice.Waiting,
        ["started"] = DeploymentNotice.Started,
        ["succeeded"] = DeploymentNotice.Succeeded,
        ["failed"] = DeploymentNotice.Failed,
        ["rolled-back"] = DeploymentNotice.RolledBack,
    };

    public EnvironmentDefinition? Read(YamlScalar key, YamlNode node)
    {
        var name = key.Value;
        var where = $"environment `{name}`";
        if (node is YamlScalar { IsNull: true })
        {
            return EnvironmentDefinition.Unrestricted(name) with { Location = context.At(key) };
        }

        if (context.Mapping(node, where) is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, where, EnvironmentKeys);
        var url = m.Get("url") is { } urlNode ? Url(urlNode, $"`{name}.url`") : null;
        var branches = m.Get("branches") is { } b ? context.Globs(b, $"`{name}.branches`") : null;
        var tags = m.Get("tags") is { } t ? context.Globs(t, $"`{name}.tags`") : null;
        var auto = m.Get("auto") is { } autoNode ? context.Bool(autoNode, $"`{name}.auto`") ?? true : true;
        var manual = m.Get("manual") is { } manualNode ? Manual(manualNode, name) : EnvironmentDefinition.AllManual;
        var approval = m.Get("approval") is { } approvalNode ? Approval(approvalNode, name) : null;
        var wait = m.Get("wait") is { } waitNode ? context.Duration(waitNode, $"`{name}.wait`") : null;
        var blocked = m.Get("blocked") is { } blockedNode ? Blocked(blockedNode, name) : null;
        var vars = m.Get("vars") is { } varsNode ? Vars(varsNode, name) : new Dictionary<string, string>(StringComparer.Ordinal);
        var secrets = m.Get("secrets") is { } secretsNode ? Secrets(secretsNode, name) : new Dictionary<string, string>(StringComparer.Ordinal);
        var notify = m.Get("notify") is { } notifyNode ? Notify(notifyNode, name) : null;
        return new EnvironmentDefinition(name, context.At(key), url, branches, tags, auto, manual, approval, wait, blocked, vars, secrets, notify);
    }

    private string? Url(YamlNode node, string what)
    {
        if (context.String(node, what) is not { } text)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return text;
        }

        context.Error(DiagnosticCodes.InvalidValue, node, $"{what} must be an http or https URL, found `{text}`");
        return null;
    }

    private HashSet<TriggerSource> Manual(YamlNode node, string name)
    {
        if (node is YamlScalar { Quoted: false, Value: "true" or "false" } flag)
        {
            return flag.Value == "true" ? [.. EnvironmentDefinition.AllManual] : [];
        }

        var sources = new HashSet<TriggerSource>();
        foreach (var (value, scalar) in context.StringList(node, $"`{name}.manual`"))
        {
            if (ManualSources.TryGetValue(value, out var source))
            {
                sources.Add(source);
            }
            else
            {
                var suggestion = Suggestions.DidYouMean(value, ManualSources.Keys);
                context.Error(DiagnosticCodes.InvalidValue, scalar, $"unknown manual source `{value}` in `{name}.manual`",
                    suggestion is not null ? $"did you mean `{suggestion}`?" : "use true, false or a list of comment, cli, api");
            }
        }

        return sources;
    }

    private ApprovalRule? Approval(YamlNode node, string name)
    {
        var where = $"`{name}.approval`";
        if (context.Mapping(node, where) is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, where, ApprovalKeys);
        var reviewers = m.Get("reviewers") is { } r ? context.StringList(r, $"`{name}.approval.reviewers`").Select(p => p.Value).ToList() : [];
        var teamNames = new List<string>();
        if (m.Get("teams") is { } teamsNode)
        {
            foreach (var (team, scalar) in context.StringList(teamsNode, $"`{name}.approval.teams`"))
            {
                teamNames.Add(team);
                if (!teams.ContainsKey(team))
                {
                    context.Error(DiagnosticCodes.InvalidEnvironment, scalar, $"unknown team `{team}` in `{name}.approval.teams`",
                        teams.Count == 0 ? "declare it under the top-level `teams:` key" : $"teams: {string.Join(", ", teams.Keys)}");
                }
            }
        }

        var people = reviewers.Concat(teamNames.Where(teams.ContainsKey).SelectMany(t => teams[t])).Distinct(StringComparer.OrdinalIgnoreCase).Count();
        if (reviewers.Count == 0 && teamNames.Count == 0)
        {
            context.Error(DiagnosticCodes.InvalidEnvironment, node, $"{where} names no reviewers", "add `reviewers: [alice, bob]` or `teams: [ops]`");
        }

        var required = 1;
        if (m.Get("required") is { } requiredNode && context.Int(requiredNode, $"`{name}.approval.required`", 1, 100) is { } n)
        {
            required = n;
            if (people > 0 && n > people)
            {
                context.Error(DiagnosticCodes.InvalidEnvironment, requiredNode, $"{where} requires {n} approvals but names only {people} reviewer(s)",
                    "a deployment could never be approved; lower `required` or add reviewers");
            }
        }

        var timeout = m.Get("timeout") is { } timeoutNode ? context.Duration(timeoutNode, $"`{name}.approval.timeout`") : null;
        var self = m.Get("self-approval") is { } selfNode && (context.Bool(selfNode, $"`{name}.approval.self-approval`") ?? false);
        return new ApprovalRule(reviewers, teamNames, required, timeout, self);
    }

    private string? Blocked(YamlNode node, string name)
    {
        switch (node)
        {
            case YamlScalar { Quoted: false, Value: "false" }:
                return null;
            case YamlScalar { Quoted: false, Value: "true" }:
                return "blocked";
            case YamlScalar { IsNull: false } s:
                return s.Value;
            case YamlMapping m:
                context.CheckKeys(m, $"`{name}.blocked`", ["reason"]);
                if (m.Get("reason") is { } reasonNode && context.String(reasonNode, $"`{name}.blocked.reason`") is { Length: > 0 } reason)
                {
                    return reason;
                }

                context.Error(DiagnosticCodes.MissingKey, node, $"`{name}.blocked` needs a `reason`", "people who are refused see it: `blocked: { reason: code freeze until Monday }`");
                return "blocked";
            default:
                context.Error(DiagnosticCodes.WrongType, node, $"`{name}.blocked` must be `{{ reason: ... }}`, a reason, true or false");
                return null;
        }
    }

    private Dictionary<string, string> Vars(YamlNode node, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in context.StringMap(node, $"`{name}.vars`"))
        {
            if (!VariablePattern().IsMatch(key))
            {
                context.Error(DiagnosticCodes.InvalidValue, (node as YamlMapping)!.GetKey(key)!, $"invalid variable name `{key}` in `{name}.vars`", "names use letters, digits and `_`");
                continue;
            }

            if (Expressions.Template.ContainsExpression(value))
            {
                context.Error(DiagnosticCodes.ContextNotAllowed, (node as YamlMapping)!.Get(key)!, $"`{name}.vars.{key}` holds an expression; vars are plain values");
                continue;
            }

            result[key] = value;
        }

        return result;
    }

    /// <summary>A list of names (the job sees the run secret of the same name) or a map NAME: RUN_SECRET_NAME.</summary>
    private Dictionary<string, string> Secrets(YamlNode node, string name)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var pairs = node is YamlMapping map
            ? map.Entries.Select(e => (e.Key, Source: e.Value as YamlScalar ?? WrongSecret(e.Value, name)))
            : context.StringList(node, $"`{name}.secrets`").Select(p => (Key: p.Node, Source: (YamlScalar?)p.Node));
        foreach (var (key, source) in pairs)
        {
            if (source is null)
            {
                continue;
            }

            foreach (var scalar in new[] { key, source }.Distinct())
            {
                if (!VariablePattern().IsMatch(scalar.Value))
                {
                    context.Error(DiagnosticCodes.InvalidSecretName, scalar, $"invalid secret name `{scalar.Value}` in `{name}.secrets`", "secret names look like `DB_PASSWORD`: letters, digits and `_`");
                }
            }

            result[key.Value] = source.Value;
        }

        return result;
    }

    private YamlScalar? WrongSecret(YamlNode node, string name)
    {
        context.Error(DiagnosticCodes.WrongType, node, $"values of `{name}.secrets` must be secret names, not {node.Kind}");
        return null;
    }

    private NotifySettings? Notify(YamlNode node, string name)
    {
        var where = $"`{name}.notify`";
        if (context.Mapping(node, where) is not { } m)
        {
            return null;
        }

        context.CheckKeys(m, where, NotifyKeys);
        var webhook = m.Get("webhook") is { } w ? Url(w, $"`{name}.notify.webhook`") : null;
        var secret = m.Get("webhook-secret") is { } s ? context.String(s, $"`{name}.notify.webhook-secret`") : null;
        if (m.Get("webhook") is null && m.Get("webhook-secret") is null)
        {
            context.Error(DiagnosticCodes.MissingKey, node, $"{where} needs `webhook` (a URL) or `webhook-secret` (the run secret holding it)");
        }
        else if (m.Get("webhook") is not null && m.Get("webhook-secret") is not null)
        {
            context.Error(DiagnosticCodes.InvalidEnvironment, m.GetKey("webhook-secret")!, $"{where} has both `webhook` and `webhook-secret`", "keep one");
        }

        var on = new HashSet<DeploymentNotice>(Notices.Values);
        if (m.Get("on") is { } onNode)
        {
            on.Clear();
            foreach (var (value, scalar) in context.StringList(onNode, $"`{name}.notify.on`"))
            {
                if (Notices.TryGetValue(value, out var notice))
                {
                    on.Add(notice);
                }
                else
                {
                    var suggestion = Suggestions.DidYouMean(value, Notices.Keys);
                    context.Error(DiagnosticCodes.InvalidValue, scalar, $"unknown notification `{value}` in `{name}.notify.on`",
                        suggestion is not null ? $"did you mean `{suggestion}`?" : $"use {string.Join(", ", Notices.Keys)}");
                }
            }
        }

        return new NotifySettings(webhook, secret, on);
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariablePattern();
}
