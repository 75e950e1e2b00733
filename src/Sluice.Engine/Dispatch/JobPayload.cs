using Sluice.Engine.Storage;

namespace Sluice.Engine.Dispatch;

/// <summary>
/// What a worker needs to run one job, stored as the ticket's <see cref="JobTicket.Payload"/>. Never secrets: the worker
/// asks the server for the job's declared <see cref="Secrets"/> at claim time (none when <see cref="Fork"/>). The worker
/// parses <see cref="PipelineYaml"/> and plans it with the same Core code as the orchestrator, then picks
/// <see cref="JobKey"/> (matrix instances included), so it runs exactly the job that was planned.
/// </summary>
/// <param name="Sha">The commit whose tree is the job's workspace (the server's <c>source</c> endpoint); null: an empty directory.</param>
/// <param name="Index">The job's position in the plan (1-based), used for its file names.</param>
/// <param name="NeedsFailed">The job status its <c>if</c> and steps start from (<c>failure()</c>).</param>
internal sealed record JobPayload(
    string Repository,
    string? Sha,
    string PipelineFile,
    string PipelineYaml,
    string JobKey,
    int Index,
    string EventJson,
    IReadOnlyDictionary<string, string> Inputs,
    IReadOnlyList<NeedResult> Needs,
    bool NeedsFailed,
    IReadOnlyList<ArtifactRecord> Artifacts,
    IReadOnlyList<string> Secrets,
    bool Fork);
