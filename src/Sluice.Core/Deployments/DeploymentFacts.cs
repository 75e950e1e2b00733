using Sluice.Core.Events;

namespace Sluice.Core.Deployments;

/// <summary>What the rules look at: how the deployment was started, from which ref, by whom.</summary>
public sealed record DeploymentFacts(EventKind Event, string? Branch, string? Tag, string? Actor)
{
    public static DeploymentFacts From(PipelineEvent ev)
    {
        ArgumentNullException.ThrowIfNull(ev);
        return new(ev.Kind, ev.Kind == EventKind.Tag ? null : ev.Branch, ev.Tag, ev.Actor);
    }

    public TriggerSource Source => Event switch
    {
        EventKind.Comment => TriggerSource.Comment,
        EventKind.Manual => TriggerSource.Cli,
        EventKind.Api => TriggerSource.Api,
        _ => TriggerSource.Auto,
    };
}
