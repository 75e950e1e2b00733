namespace Sluice.Engine.Tests.Releases.FakeGitHub;

/// <summary>A pull request; <see cref="Mergeable"/> false makes the merge endpoint answer 405 like a conflicted pull request.</summary>
internal sealed class FakePullRequest
{
    public required int Number { get; init; }

    public required string Head { get; init; }

    public required string Base { get; init; }

    public required string Title { get; init; }

    public string Body { get; init; } = "";

    public string State { get; set; } = "open";

    public bool Merged { get; set; }

    public bool Mergeable { get; set; } = true;

    public List<string> Comments { get; } = [];
}
