namespace Sluice.Engine.Agents;

/// <summary>
/// <c>GET /agent/v1/jobs/{id}/secrets</c>: the values of the secrets the job declares that the server has for its
/// repository; always empty for a fork pull request's job. The agent keeps them in memory and masks them in every line.
/// </summary>
internal sealed record SecretsReply(IReadOnlyDictionary<string, string> Secrets);
