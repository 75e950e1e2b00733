using System.CommandLine;
using Sluice.Cli.Output;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice approve RUN JOB [--reject] [--comment TEXT] [--as NAME]</c>: decides what the deployment of JOB in RUN
/// waits for — the environment's approval or a <c>pause: until-approved</c> step. The decision is checked against the
/// environment's rule (reviewers, self-approval, already decided, timed out) and recorded; the waiting run picks it up.
/// Exit 0 recorded, 1 refused, 2 usage.
/// </summary>
internal static class ApproveCommand
{
    public static Command Create(TimeProvider time)
    {
        var runArgument = new Argument<string>("run") { Description = "The run id" };
        var jobArgument = new Argument<string>("job") { Description = "The deploying job (its key, or its id when one instance waits)" };
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approving (one rejection rejects the deployment)" };
        var comment = new Option<string?>("--comment") { Description = "Recorded with the decision (and shown with a rejection)" };
        var asOption = DeployCli.AsOption();
        var json = HistoryCli.JsonOption("the outcome");
        var stateDir = HistoryCli.StateDirOption();
        var database = new DeployDatabase();
        var command = new Command("approve", "Approve (or --reject) a deployment waiting for people") { runArgument, jobArgument, reject, comment, asOption, json, stateDir };
        database.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            if (!HistoryCli.TryParseRun(r.GetValue(runArgument), out var runId) || runId is null)
            {
                return await HistoryCli.UsageAsync(r, $"`{r.GetValue(runArgument)}` is not a run id");
            }

            return await DeployCli.WithDeploymentsAsync(r, stateDir, database, time, create: false, ct, async (commands, _) =>
            {
                var person = DeployCli.Person(r, asOption);
                var outcome = commands is null
                    ? new Engine.Deployments.DecisionOutcome(false, DeployCli.Invariant($"run #{runId} has no deployments"), null)
                    : await commands.DecideAsync(runId.Value, r.GetValue(jobArgument)!, person, !r.GetValue(reject), r.GetValue(comment), ct);
                if (r.GetValue(json))
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync(Json.Serialize(outcome));
                }
                else if (outcome.Recorded)
                {
                    await r.InvocationConfiguration.Output.WriteLineAsync(outcome.Message);
                }
                else
                {
                    await r.InvocationConfiguration.Error.WriteLineAsync("sluice approve: " + outcome.Message);
                }

                return outcome.Recorded ? ExitCodes.Success : ExitCodes.Failure;
            });
        });
        return command;
    }
}
