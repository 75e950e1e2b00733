namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>A commit in the fake's object store; <see cref="Seq"/> orders history like commit dates would.</summary>
internal sealed record FakeCommit(string Sha, string Message, IReadOnlyList<string> Parents, string TreeSha, int Seq);
