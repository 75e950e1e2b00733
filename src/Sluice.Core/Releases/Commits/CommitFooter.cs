namespace Sluice.Core.Releases.Commits;

/// <summary>One trailer of a commit message (<c>Refs: #12</c>, <c>BREAKING CHANGE: ...</c>); the value may span lines.</summary>
internal sealed record CommitFooter(string Token, string Value);
