namespace Sluice.Engine.Agents;

/// <summary><c>POST /agent/v1/jobs/{id}/artifacts</c>: records an artifact whose blob was uploaded before (<c>PUT …/blobs/{sha256}</c>).</summary>
internal sealed record ArtifactUpdate(string Path, string Sha256, long Size);
