using Sluice.Engine.Storage;

namespace Sluice.Server.Reporting;

/// <summary>One job's line in the pull request comment and its commit status.</summary>
/// <param name="LogTail">For a failed job: its last log lines (already masked).</param>
internal sealed record JobReport(string Key, string DisplayName, JobState State, string? Reason, TimeSpan? Duration, IReadOnlyList<string> LogTail);
