using System.Text.Json;

namespace Sluice.Server.Api;

/// <summary>Body of <c>POST /api/runs</c>: a pipeline of a repository, at a branch (default branch when absent) or a sha, with typed inputs.</summary>
internal sealed record ManualRunRequest(string? Repository, string? Pipeline, string? Ref, string? Sha, Dictionary<string, JsonElement>? Inputs);
