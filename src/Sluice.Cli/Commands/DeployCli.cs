using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Sluice.Engine.Deployments;
using Sluice.Engine.State;
using Sluice.Engine.Storage;

namespace Sluice.Cli.Commands;

/// <summary>What <c>sluice deploy ...</c> and <c>sluice approve</c> share: opening the deployment history, the person, tables.</summary>
internal static class DeployCli
{
    public static Option<string?> AsOption() => new("--as") { Description = "Who you are, for the record and the approval rules (default: your user name)", HelpName = "name" };

    public static Argument<string> EnvironmentArgument() => new("environment") { Description = "The environment (as named in environments.yml)" };

    public static string Person(ParseResult result, Option<string?> asOption) =>
        result.GetValue(asOption) is { Length: > 0 } name ? name : Environment.UserName;

    /// <summary>
    /// Opens the deployment history (<see cref="DeployDatabase"/>: the database <c>sluice serve</c> would use, else the
    /// state directory's) and runs <paramref name="body"/> with its commands. Reading an empty state directory creates
    /// nothing unless <paramref name="create"/>; a bad database choice prints one line and exits 2, store failures print
    /// one line and exit 1.
    /// </summary>
    public static async Task<int> WithDeploymentsAsync(
        ParseResult result, Option<string?> stateDir, DeployDatabase database, TimeProvider time, bool create, CancellationToken ct,
        Func<IDeploymentCommands?, StateDirectory, Task<int>> body)
    {
        var (location, problem) = database.Resolve(result);
        if (problem is not null)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"sluice: {problem}");
            return ExitCodes.Usage;
        }

        try
        {
            var state = StateDirectory.Resolve(result.GetValue(stateDir));
            await using var stores = await DeployDatabase.OpenAsync(location, state, create, time, ct);
            return await body(stores is null ? null : new DeploymentCommands(stores.Deployments, time), state);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            await result.InvocationConfiguration.Error.WriteLineAsync($"sluice: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    public static IReadOnlyList<string> HistoryHeaders { get; } = ["ID", "VERSION", "STATE", "TRAFFIC", "STRATEGY", "RUN", "BY", "APPROVED BY", "AGE", "DURATION", "REASON"];

    public static IEnumerable<string> HistoryTable(IReadOnlyList<DeploymentRecord> deployments, DateTimeOffset now) =>
        TextTable.Render(HistoryHeaders, deployments.Select(d => (IReadOnlyList<string>)
        [
            Invariant($"#{d.Id}"),
            d.Version + (d.RollbackOf is { } of ? Invariant($" (rollback of #{of})") : ""),
            d.State.Text(),
            Invariant($"{d.TrafficPercent}%"),
            d.Strategy,
            Invariant($"#{d.RunId} {d.JobKey}"),
            d.TriggeredBy ?? "-",
            d.ApprovedBy.Count == 0 ? "-" : string.Join(",", d.ApprovedBy),
            HistoryText.Age(d.RequestedAt, now),
            HistoryText.Elapsed(d.StartedAt, d.FinishedAt, now),
            d.Reason ?? "",
        ]).ToList());

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
