using System.Globalization;
using System.Text;
using Sluice.Core.Time;
using Sluice.Engine.Storage;

namespace Sluice.Server.Reporting;

/// <summary>
/// Renders the pull request comment of one run: a header, a table (state emoji, job, state, duration) and, for each
/// failed job, its last log lines in a collapsed block. Split into several comments when one would exceed GitHub's
/// 65,536 characters: the first part carries the table, later parts the remaining log blocks.
/// </summary>
internal static class CommentRenderer
{
    public const int MaxCommentLength = 65_536;

    /// <summary>Hidden marker so people (and tools) can tell Sluice's comments and which run they belong to.</summary>
    public static string Marker(string pipelineId) => $"<!-- sluice:{pipelineId} -->";

    public static IReadOnlyList<string> Render(RunReport report, int maxLength = MaxCommentLength)
    {
        var head = new StringBuilder();
        head.Append(Marker(report.PipelineId)).Append('\n');
        head.Append("### ").Append(Emoji(report.State)).Append(" Sluice · ").Append(report.PipelineName);
        if (report.RunId is { } id)
        {
            head.Append(CultureInfo.InvariantCulture, $" · run #{id}");
        }

        head.Append(" — ").Append(Word(report.State)).Append("\n\n");
        head.Append("<sub>").Append(report.EventKind);
        if (report.Sha is { Length: >= 7 } sha)
        {
            head.Append(" · commit ").Append(sha[..7]);
        }

        if (report.Duration is { } duration)
        {
            head.Append(" · ").Append(Format(duration));
        }

        if (report.Url is not null)
        {
            head.Append(" · [details](").Append(report.Url).Append(')');
        }

        head.Append("</sub>\n\n| | job | state | duration |\n| --- | --- | --- | --- |\n");
        foreach (var job in report.Jobs)
        {
            head.Append("| ").Append(Emoji(job.State)).Append(" | ").Append(Cell(job.DisplayName)).Append(" | ")
                .Append(Cell(job.Reason is null ? Word(job.State) : $"{Word(job.State)}: {job.Reason}")).Append(" | ")
                .Append(job.Duration is { } d ? Format(d) : "").Append(" |\n");
        }

        var blocks = report.Jobs.Where(j => j.State == JobState.Failed && j.LogTail.Count > 0).Select(LogBlock).ToList();
        return Split(head.ToString(), blocks, maxLength);
    }

    /// <summary>Packs the head and blocks into parts of at most <paramref name="maxLength"/> characters; a block too long on its own is cut.</summary>
    public static IReadOnlyList<string> Split(string head, IReadOnlyList<string> blocks, int maxLength)
    {
        var parts = new List<string>();
        var current = new StringBuilder(Cut(head, maxLength));
        foreach (var block in blocks)
        {
            var piece = "\n" + block;
            if (current.Length + piece.Length > maxLength)
            {
                parts.Add(current.ToString());
                var prefix = string.Create(CultureInfo.InvariantCulture, $"_(continued, part {parts.Count + 1})_\n");
                current = new StringBuilder(prefix).Append(Cut(piece, maxLength - prefix.Length));
            }
            else
            {
                current.Append(piece);
            }
        }

        parts.Add(current.ToString());
        return parts;
    }

    private static string LogBlock(JobReport job)
    {
        var text = string.Join('\n', job.LogTail);
        var fence = new string('`', Math.Max(3, LongestRun(text, '`') + 1));
        return $"<details><summary>{Emoji(job.State)} {Escape(job.DisplayName)}: last {job.LogTail.Count} log lines</summary>\n\n{fence}text\n{text}\n{fence}\n</details>\n";
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : text[..Math.Max(0, max - 20)] + "\n… (cut)\n";

    private static int LongestRun(string text, char c)
    {
        int best = 0, run = 0;
        foreach (var ch in text)
        {
            run = ch == c ? run + 1 : 0;
            best = Math.Max(best, run);
        }

        return best;
    }

    private static string Cell(string text) => Escape(text).Replace("|", "\\|", StringComparison.Ordinal).Replace('\n', ' ');

    private static string Escape(string text) => text.Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    public static string Format(TimeSpan duration) => duration < TimeSpan.FromSeconds(1) ? "<1s" : Duration.Format(TimeSpan.FromSeconds(Math.Round(duration.TotalSeconds)));

    public static string Emoji(JobState state) => state switch
    {
        JobState.Succeeded => "✅",
        JobState.Failed => "❌",
        JobState.Cancelled => "🚫",
        JobState.Skipped => "⏭️",
        JobState.Running => "⏳",
        _ => "⏸️",
    };

    public static string Emoji(RunState state) => state switch
    {
        RunState.Succeeded => "✅",
        RunState.Failed => "❌",
        RunState.Cancelled or RunState.Interrupted => "🚫",
        RunState.Running => "⏳",
        _ => "⏸️",
    };

    private static string Word(JobState state) => state switch
    {
        JobState.Pending or JobState.Queued => "waiting",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Word(RunState state) => state.ToString().ToLowerInvariant();
}
