using Sluice.Engine.Storage;

namespace Sluice.Server.Reporting;

/// <summary>What the pull request comment shows about one pipeline run.</summary>
internal sealed record RunReport(
    string PipelineId, string PipelineName, long? RunId, RunState State, string? Sha, string EventKind, TimeSpan? Duration, string? Url, IReadOnlyList<JobReport> Jobs);
