namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/jobs/{id}/outputs</c>: the job's outputs (masked), replacing earlier ones.</summary>
internal sealed record OutputsUpdate(IReadOnlyDictionary<string, string> Outputs);
