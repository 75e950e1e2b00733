namespace Sluice.Server.Webhooks;

/// <summary>The parts of a <c>pull_request</c> payload the server reads. <see cref="HeadRepository"/> is null when the fork was deleted.</summary>
internal sealed record PullRequestPayload(
    string Action, int Number, string HeadSha, string HeadRef, string BaseSha, string BaseRef, string? HeadRepository, string BaseRepository, bool Merged, string? Actor)
{
    public bool IsFork => HeadRepository is null || !string.Equals(HeadRepository, BaseRepository, StringComparison.OrdinalIgnoreCase);
}
