using Sluice.Engine.Storage;

namespace Sluice.Engine.Runs;

/// <summary>A job result carried over from a parent run: its state, outputs and artifacts (by blob hash).</summary>
internal sealed record ReusedJob(
    JobState State,
    string? Reason,
    int Attempts,
    IReadOnlyDictionary<string, string> Outputs,
    IReadOnlyList<ArtifactRecord> Artifacts);
