using Sluice.Engine.Storage;

namespace Sluice.Engine.Execution;

/// <summary>How one attempt of a job ended. <see cref="State"/> is Succeeded, Failed, Cancelled, or Failed with <see cref="TimedOut"/>.</summary>
internal sealed record AttemptOutcome(JobState State, bool TimedOut, string? Reason, IReadOnlyDictionary<string, string> Outputs, string Summary);
