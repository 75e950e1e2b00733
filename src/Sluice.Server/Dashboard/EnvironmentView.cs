using Sluice.Engine.Deployments;

namespace Sluice.Server.Dashboard;

/// <summary>
/// An environment as the Deployments page shows it, from the deployment store: its status (what runs now, what is under
/// way, the lock), its finished deployments newest first, and what a roll back would deploy again (or why there is none).
/// </summary>
internal sealed record EnvironmentView(
    EnvironmentStatus Status,
    IReadOnlyList<DeploymentRecord> History,
    DeploymentRecord? RollbackTarget,
    string? NoRollback)
{
    public const int HistoryLength = 20;

    public static async Task<IReadOnlyList<EnvironmentView>> ListAsync(IDeploymentCommands commands, CancellationToken ct)
    {
        var views = new List<EnvironmentView>();
        foreach (var status in await commands.StatusAsync(Core.Deployments.EnvironmentsConfig.None, ct))
        {
            var history = (await commands.HistoryAsync(status.Environment, HistoryLength + status.Active.Count, ct)).Where(d => d.State.IsTerminal()).Take(HistoryLength).ToList();
            var (target, problem) = await commands.RollbackTargetAsync(status.Environment, null, ct);
            views.Add(new EnvironmentView(status, history, target, problem));
        }

        return views;
    }
}
