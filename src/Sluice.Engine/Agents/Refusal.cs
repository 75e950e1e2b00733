namespace Sluice.Engine.Agents;

/// <summary>The body of a refused call (401, 404, 409): why. A 409 means the caller's lease is not the current one.</summary>
internal sealed record Refusal(string Error);
