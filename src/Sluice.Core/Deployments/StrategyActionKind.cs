namespace Sluice.Core.Deployments;

/// <summary>What <see cref="StrategySequencer.Next"/> asks the runner to do.</summary>
public enum StrategyActionKind
{
    /// <summary>Run the <c>shift</c> command with <see cref="StrategyAction.Percent"/>, then report with <see cref="StrategySequencer.ShiftCompleted"/>.</summary>
    Shift,

    /// <summary>Run the <c>check</c> command, then report with <see cref="StrategySequencer.CheckCompleted"/>.</summary>
    Check,

    /// <summary>Do nothing until <see cref="StrategyAction.Until"/> (or a stop), then ask again.</summary>
    Wait,

    /// <summary>Wait for a person's approval (<see cref="StrategySequencer.Approve"/>) or until <see cref="StrategyAction.Until"/> when set, then ask again.</summary>
    AwaitApproval,

    /// <summary>Done: the new version has 100% of the traffic.</summary>
    Succeed,

    /// <summary>Done badly: shift traffic back and run <c>rollback</c>; <see cref="StrategyAction.Reason"/> says why.</summary>
    RollBack,
}
