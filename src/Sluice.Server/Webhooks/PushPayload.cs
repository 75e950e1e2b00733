namespace Sluice.Server.Webhooks;

/// <summary>The parts of a <c>push</c> payload the server reads. <see cref="Before"/> is all zeros for a new branch or tag.</summary>
internal sealed record PushPayload(string Ref, string Before, string After, bool Created, bool Deleted, bool Forced, string? Actor, string? DefaultBranch)
{
    public const string ZeroSha = "0000000000000000000000000000000000000000";

    public bool IsNew => Created || Before.All(c => c == '0');

    public string? Branch => Ref.StartsWith("refs/heads/", StringComparison.Ordinal) ? Ref["refs/heads/".Length..] : null;

    public string? Tag => Ref.StartsWith("refs/tags/", StringComparison.Ordinal) ? Ref["refs/tags/".Length..] : null;
}
