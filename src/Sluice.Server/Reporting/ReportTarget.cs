namespace Sluice.Server.Reporting;

/// <summary>Where a run is reported: the repository and token, the commit, the pull request (if any) and the run page's base URL.</summary>
internal sealed record ReportTarget(
    long QueueId, string Repository, string? Token, string? Sha, int? PullRequest, string PipelineId, string PipelineName, string EventKind, string? BaseUrl);
