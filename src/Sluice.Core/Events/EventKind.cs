namespace Sluice.Core.Events;

/// <summary>What happened. Text forms (used on the command line and in <c>event.kind</c>) are snake_case.</summary>
public enum EventKind
{
    Push,
    PullRequest,
    Tag,
    Schedule,
    Comment,
    Manual,
    Api,
}
