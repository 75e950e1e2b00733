using System.CommandLine;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>What the history commands (<c>runs</c>, <c>show</c>, <c>logs</c>, <c>prune</c>) share: options, run-id parsing, error handling.</summary>
internal static class HistoryCli
{
    public static Option<string?> StateDirOption() => new("--state-dir")
    {
        Description = "Where Sluice keeps its state (default: $SLUICE_STATE_DIR, else <git common dir>/sluice, else ./.sluice-state)",
    };

    public static Option<bool> JsonOption(string what) => new("--json") { Description = $"Print {what} as JSON for scripts" };

    /// <summary>Parses a RUN argument: absent or <c>latest</c> is null (the newest run), else a positive run id.</summary>
    public static bool TryParseRun(string? text, out long? runId)
    {
        runId = null;
        if (text is null || text.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var digits = text.StartsWith('#') ? text[1..] : text;
        if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            runId = id;
            return true;
        }

        return false;
    }

    /// <summary>The message for a run that was not found.</summary>
    public static string NotFound(long? runId) => runId is { } id ? $"run #{id.ToString(CultureInfo.InvariantCulture)} does not exist" : "no runs yet";

    /// <summary>Opens the history and runs <paramref name="body"/>; store failures print one line and exit 1 instead of a stack trace.</summary>
    public static async Task<int> WithHistoryAsync(ParseResult result, Option<string?> stateDir, TimeProvider time, CancellationToken ct, Func<RunHistory, StateDirectory, TextWriter, Task<int>> body)
    {
        var output = result.InvocationConfiguration.Output;
        var error = result.InvocationConfiguration.Error;
        try
        {
            var state = StateDirectory.Resolve(result.GetValue(stateDir));
            await using var history = await RunHistory.OpenAsync(state, time, ct);
            return await body(history, state, output);
        }
        catch (Exception e) when (e is SqliteException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync($"sluice: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>True when <paramref name="output"/> is the process's stdout and that is a terminal (not a pipe or file).</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    public static async Task WriteLinesAsync(TextWriter output, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await output.WriteLineAsync(line);
        }
    }

    public static async Task<int> UsageAsync(ParseResult result, string message)
    {
        await result.InvocationConfiguration.Error.WriteLineAsync($"sluice: {message}");
        return ExitCodes.Usage;
    }
}
