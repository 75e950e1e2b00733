using System.CommandLine;
using Sluice.Core.Releases.Sprints;
using Sluice.Engine.Releases;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice release rollup</c>: the sprint roll-up (merge the open sprint, release, open the next sprint). Meant for
/// a scheduled pipeline step; a second run in the same sprint changes nothing and says so (exit 0).
/// </summary>
internal static class ReleaseRollupCommand
{
    public static Command Create(ReleaseOptions options, TimeProvider time, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        var command = new Command("rollup", "Sprint roll-up: merge the open sprint's pull request, release, open the next sprint branch and pull request.");
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var o = parse.InvocationConfiguration.Output;
            var e = parse.InvocationConfiguration.Error;
            var (session, code) = await ReleaseSession.OpenAsync(parse, options, environment, e, ct);
            if (session is null)
            {
                return code;
            }

            using (session)
            {
                var dry = parse.GetValue(options.DryRun);
                var request = new ReleaseRequest(DryRun: dry, Push: parse.GetValue(options.NoPush) ? false : null);
                var result = await new SprintRollup(session.Repository, session.Config, time).RunAsync(request, ct);
                if (!result.IsSuccess)
                {
                    await e.WriteLineAsync($"sluice release rollup: {result.Error}");
                    return ExitCodes.Failure;
                }

                var report = result.Value!;
                var status = report.Step.Kind == SprintStepKind.Nothing ? "nothing-to-do" : dry ? "planned" : "done";
                if (parse.GetValue(options.Json))
                {
                    await o.WriteLineAsync(ReleaseJson.Rollup(session.Mode, report, dry, status, null));
                    return ExitCodes.Success;
                }

                await o.WriteLineAsync($"sluice release rollup{(dry ? " (dry run)" : "")}: {session.Repository.Description}");
                await o.WriteLineAsync($"Sprint: {report.Step.Reason}.");
                if (report.Step.Kind == SprintStepKind.Nothing)
                {
                    await o.WriteLineAsync("Nothing to do.");
                    return ExitCodes.Success;
                }

                if (report.Release is { } plan)
                {
                    ReleasePlanPrinter.Print(o, plan with { Operations = [] }, dry);
                }

                await o.WriteLineAsync();
                ReleasePlanPrinter.PrintOperations(o, report.Operations);
                foreach (var note in report.Notes)
                {
                    await o.WriteLineAsync($"  - {note}");
                }

                await o.WriteLineAsync(dry ? "Dry run: nothing was changed." : "Roll-up done.");
                return ExitCodes.Success;
            }
        });
        return command;
    }
}
