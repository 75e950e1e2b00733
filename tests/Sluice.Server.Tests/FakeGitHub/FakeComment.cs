namespace Sluice.Server.Tests.FakeGitHub;

/// <summary>An issue comment as the fake GitHub keeps it: its id, issue, current body and how often it was edited.</summary>
internal sealed record FakeComment(long Id, int Issue, string Body, int Edits);
