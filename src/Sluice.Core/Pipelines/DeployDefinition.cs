namespace Sluice.Core.Pipelines;

/// <summary>
/// A job's <c>deploy:</c> block: a gradual traffic shift with health checks and automatic rollback.
/// Sluice owns the sequencing; the user supplies the <see cref="Shift"/>, <see cref="Check"/> and
/// <see cref="Rollback"/> commands. A preset (<c>Canary10Percent5Minutes</c>) compiles into <see cref="Steps"/>.
/// </summary>
public sealed record DeployDefinition(
    string? Strategy,
    IReadOnlyList<DeployStep> Steps,
    string Shift,
    DeployCheck? Check,
    string? Rollback,
    TimeSpan? Timeout);

/// <summary>One strategy step: exactly one of shift, pause or pause-until-approved.</summary>
public sealed record DeployStep(int? ShiftPercent, TimeSpan? Pause, bool UntilApproved);

/// <summary>A health or alarm command run every <see cref="Interval"/> during pauses; <see cref="FailureThreshold"/> consecutive failures roll back.</summary>
public sealed record DeployCheck(string Run, TimeSpan Interval, int FailureThreshold);
