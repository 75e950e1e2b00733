using System.Globalization;
using Sluice.Core.Events;
using Sluice.Engine.Runs;
using Sluice.Engine.Storage;
using Sluice.Server.Queue;
using Sluice.Server.Reporting;

namespace Sluice.Server.Dashboard;

/// <summary>Small shared renderings: state badges (text and colour, never colour alone), durations, times, triggers.</summary>
internal static class Views
{
    public static string Css(RunState state) => "s-" + state.ToString().ToLowerInvariant();

    public static string Css(JobState state) => "s-" + state.ToString().ToLowerInvariant();

    public static string Css(StepState state) => "s-" + (state == StepState.TimedOut ? "failed" : state.ToString().ToLowerInvariant());

    public static string Css(QueueState state) => "s-" + state switch
    {
        QueueState.AwaitingApproval => "waiting",
        QueueState.Error => "failed",
        _ => state.ToString().ToLowerInvariant(),
    };

    public static string Label(QueueState state) => state == QueueState.AwaitingApproval ? "awaiting approval" : state.ToString().ToLowerInvariant();

    public static HtmlRaw Badge(string css, string label) => new Html().Add($"<span class=\"badge {css}\">{label}</span>").ToRaw();

    public static HtmlRaw Badge(RunState state) => Badge(Css(state), state.ToString().ToLowerInvariant());

    public static HtmlRaw Badge(JobState state) => Badge(Css(state), state.ToString().ToLowerInvariant());

    public static HtmlRaw Badge(StepState state) => Badge(Css(state), state == StepState.TimedOut ? "timed out" : state.ToString().ToLowerInvariant());

    public static HtmlRaw Badge(QueueState state) => Badge(Css(state), Label(state));

    /// <summary>Finished minus started; a running thing counts up to now; "" when it never started.</summary>
    public static TimeSpan? Elapsed(DateTimeOffset? started, DateTimeOffset? finished, DateTimeOffset now) =>
        started is { } s ? (finished ?? now) - s : null;

    public static string Duration(TimeSpan? elapsed) => elapsed is { } e ? CommentRenderer.Format(e < TimeSpan.Zero ? TimeSpan.Zero : e) : "";

    public static HtmlRaw Time(DateTimeOffset? at) => at is { } t
        ? new Html().Add($"<time datetime=\"{t.UtcDateTime.ToString("O", CultureInfo.InvariantCulture)}\">{t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC</time>").ToRaw()
        : new HtmlRaw("");

    public static string ShortSha(string? sha) => sha is null ? "" : sha[..Math.Min(7, sha.Length)];

    /// <summary>What started a run: <c>push</c>, <c>PR #12</c>, <c>tag v1.2</c>, <c>comment on PR #12</c>, <c>schedule</c>, <c>manual</c>, <c>api</c>, <c>re-run of #7</c>.</summary>
    public static string Trigger(RunRecord run)
    {
        var ev = EventJson.Deserialize(run.EventJson);
        var kind = ev?.Kind ?? (PipelineEvent.TryParseKind(run.EventKind, out var k) ? k : (EventKind?)null);
        var text = kind switch
        {
            EventKind.PullRequest => ev?.PullRequest is { } pr ? $"PR #{pr}" : "pull request",
            EventKind.Tag => ev?.Tag is { } tag ? "tag " + tag : "tag",
            EventKind.Comment => ev?.PullRequest is { } pr ? $"comment on PR #{pr}" : "comment",
            { } other => PipelineEvent.KindText(other),
            null => run.EventKind,
        };
        return run.ParentRunId is { } parent ? $"{text} (re-run of #{parent})" : text;
    }

    public static string Branch(RunRecord run) => run.Branch ?? EventJson.Deserialize(run.EventJson)?.Tag ?? "";
}
