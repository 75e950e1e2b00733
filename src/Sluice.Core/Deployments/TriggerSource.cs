namespace Sluice.Core.Deployments;

/// <summary>How a deployment was started, for the <c>auto</c> and <c>manual</c> rules.</summary>
public enum TriggerSource
{
    /// <summary>Push, tag, pull request or schedule: nobody asked for this deployment directly.</summary>
    Auto,

    /// <summary>A pull request comment command such as <c>/deploy staging</c>.</summary>
    Comment,

    /// <summary>A manual run: <c>sluice run --event manual</c>, <c>sluice deploy rollback</c>, <c>/sluice run</c>.</summary>
    Cli,

    /// <summary>The server's API.</summary>
    Api,
}
