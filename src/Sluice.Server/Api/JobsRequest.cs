namespace Sluice.Server.Api;

/// <summary>
/// Body of <c>POST /api/jobs</c>: ad-hoc orders (shell commands) with ids, dependencies, per-order timeouts and env.
/// With a repository the orders run in a checkout of <see cref="Ref"/>/<see cref="Sha"/>, otherwise in an empty directory.
/// </summary>
internal sealed record JobsRequest(string? Name, string? Repository, string? Ref, string? Sha, Dictionary<string, string>? Env, List<OrderRequest>? Orders);

/// <summary>One order: <see cref="Timeout"/> is a duration such as <c>90s</c> or <c>5m</c>.</summary>
internal sealed record OrderRequest(string? Id, string? Run, List<string>? Needs, string? Timeout, Dictionary<string, string>? Env, string? Shell);
