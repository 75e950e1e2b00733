namespace Sluice.Core.Expressions;

/// <summary>What status functions see: whether an earlier job or step failed and whether the run was cancelled.</summary>
public sealed record JobStatus(bool Failed, bool Cancelled)
{
    public static readonly JobStatus Ok = new(false, false);
}
