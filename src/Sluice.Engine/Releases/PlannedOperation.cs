namespace Sluice.Engine.Releases;

/// <summary>
/// One write a run performs (or, in a dry run, would perform), in order. <see cref="Kind"/> is stable for scripts:
/// <c>commit</c>, <c>tag</c>, <c>push</c>, <c>release</c>, <c>merge-pr</c>, <c>close-pr</c>, <c>create-branch</c>, <c>open-pr</c>.
/// </summary>
internal sealed record PlannedOperation(string Kind, string Description);
