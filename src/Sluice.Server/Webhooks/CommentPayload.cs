namespace Sluice.Server.Webhooks;

/// <summary>The parts of an <c>issue_comment</c> payload the server reads (comments on pull requests only).</summary>
internal sealed record CommentPayload(int Number, long CommentId, string Body, string Author, string AuthorAssociation);
