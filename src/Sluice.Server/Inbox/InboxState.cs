namespace Sluice.Server.Inbox;

/// <summary>Pending until processed; Failed after the last attempt failed.</summary>
internal enum InboxState
{
    Pending,
    Processed,
    Failed,
}
