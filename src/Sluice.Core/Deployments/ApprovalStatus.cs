namespace Sluice.Core.Deployments;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
}
