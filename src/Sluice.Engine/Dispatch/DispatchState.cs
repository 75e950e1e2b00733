namespace Sluice.Engine.Dispatch;

/// <summary>Where a ticket is. Succeeded, Failed and Cancelled are terminal and carry a <see cref="DispatchedJob.ResultJson"/> or reason.</summary>
internal enum DispatchState
{
    Queued,
    Leased,
    Succeeded,
    Failed,
    Cancelled,
}
