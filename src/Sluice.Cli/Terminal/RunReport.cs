using Sluice.Engine.Runs;
using Spectre.Console;

namespace Sluice.Cli.Terminal;

/// <summary>The end of a run on a console: a table with one row per job (state, duration, attempts, reason), the summary Markdown, the verdict.</summary>
internal static class RunReport
{
    public static void WritePlain(TextWriter output, RunResult result)
    {
        output.WriteLine();
        var width = Math.Max(3, result.Jobs.Select(j => j.Key.Length).DefaultIfEmpty(3).Max());
        output.WriteLine($"{"JOB".PadRight(width)}  {"STATE",-10} {"TIME",8}  REASON");
        foreach (var job in result.Jobs)
        {
            var attempts = job.Attempts > 1 ? $" ({job.Attempts} attempts)" : "";
            output.WriteLine($"{job.Key.PadRight(width)}  {RunText.State(job),-10} {RunText.Duration(job.Duration),8}  {job.Reason}{attempts}".TrimEnd());
        }

        WriteSummaryAndVerdict(output, result);
    }

    public static void WriteRich(IAnsiConsole console, TextWriter output, RunResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Job", "State", "Time", "Reason");
        foreach (var job in result.Jobs)
        {
            var attempts = job.Attempts > 1 ? $" ({job.Attempts} attempts)" : "";
            table.AddRow(
                Markup.Escape(job.Key),
                $"[{Color(job)}]{RunText.Symbol(job.State)} {RunText.State(job)}[/]",
                RunText.Duration(job.Duration),
                Markup.Escape((job.Reason ?? "") + attempts));
        }

        console.Write(table);
        WriteSummaryAndVerdict(output, result);
    }

    public static string Color(JobResult job) => job.Reused ? "grey" : Color(job.State);

    public static string Color(Engine.Storage.JobState state) => state switch
    {
        Engine.Storage.JobState.Succeeded => "green",
        Engine.Storage.JobState.Failed => "red",
        Engine.Storage.JobState.Cancelled => "yellow",
        Engine.Storage.JobState.Running => "blue",
        _ => "grey",
    };

    private static void WriteSummaryAndVerdict(TextWriter output, RunResult result)
    {
        if (result.Summary.Length > 0)
        {
            output.WriteLine();
            output.WriteLine("Summary");
            output.WriteLine("-------");
            output.WriteLine(result.Summary);
        }

        output.WriteLine();
        output.WriteLine($"run #{result.RunId} {result.State.ToString().ToLowerInvariant()} in {RunText.Duration(result.Duration)}");
    }
}
