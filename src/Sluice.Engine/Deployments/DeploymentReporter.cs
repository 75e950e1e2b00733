using Sluice.Core.Deployments;
using Sluice.Engine.Runs;

namespace Sluice.Engine.Deployments;

/// <summary>
/// Tells people about one deployment: lines in the job's log, the deployment's trail in the store, and
/// notifications to the environment's webhook and the extra notifiers. Notifier problems become log warnings.
/// </summary>
internal sealed class DeploymentReporter(IDeploymentStore store, JobLog log, IReadOnlyList<IDeploymentNotifier> notifiers, TimeProvider time)
{
    public void Note(string text) => log.Note(JobLog.JobLevel, "deploy: " + text);

    public Task EventAsync(long id, string kind, int? percent, string message) =>
        store.AddEventAsync(new DeploymentEvent(id, time.GetUtcNow(), kind, percent, message), CancellationToken.None);

    public async Task SetStateAsync(long id, DeploymentState state, string? reason)
    {
        await store.SetStateAsync(id, state, reason, time.GetUtcNow(), CancellationToken.None);
        if (state.IsTerminal())
        {
            await store.CloseGateAsync(id, CancellationToken.None);
        }

        var notice = state switch
        {
            DeploymentState.WaitingApproval => DeploymentNotice.Waiting,
            DeploymentState.InProgress => DeploymentNotice.Started,
            DeploymentState.Succeeded => DeploymentNotice.Succeeded,
            DeploymentState.RolledBack => DeploymentNotice.RolledBack,
            DeploymentState.Failed or DeploymentState.Rejected or DeploymentState.Refused or DeploymentState.Interrupted => DeploymentNotice.Failed,
            _ => (DeploymentNotice?)null,
        };
        if (notice is { } n)
        {
            await NotifyAsync(id, n, reason);
        }
    }

    public async Task NotifyAsync(long id, DeploymentNotice notice, string? detail)
    {
        if (notifiers.Count == 0 || await store.GetAsync(id, CancellationToken.None) is not { } record)
        {
            return;
        }

        var text = Sentence(notice, record, detail);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var problems = await Task.WhenAll(notifiers.Select(n => n.NotifyAsync(new DeploymentNotification(notice, record, text), timeout.Token)));
        foreach (var problem in problems.OfType<string>())
        {
            Note($"warning: notification not delivered: {problem}");
        }
    }

    /// <summary>The one-line message people read in chat: "production: 1.0.3 rolled back (run #12, deploy): check failed ...".</summary>
    public static string Sentence(DeploymentNotice notice, DeploymentRecord d, string? detail)
    {
        var what = notice switch
        {
            DeploymentNotice.Waiting => "is waiting for approval",
            DeploymentNotice.Started => "started",
            DeploymentNotice.Succeeded => "succeeded",
            DeploymentNotice.RolledBack => "was rolled back",
            _ => "failed",
        };
        var previous = d.PreviousVersion is null ? "" : $" (replacing {d.PreviousVersion})";
        var suffix = string.IsNullOrWhiteSpace(detail) ? "" : $": {detail}";
        return $"{d.Environment}: {d.Version}{previous} {what} — run #{d.RunId} {d.JobKey}, by {d.TriggeredBy ?? "unknown"}{suffix}";
    }
}
