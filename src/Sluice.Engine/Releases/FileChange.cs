namespace Sluice.Engine.Releases;

/// <summary>A file's complete new content (UTF-8 text), by repository-relative path with <c>/</c> separators.</summary>
internal sealed record FileChange(string Path, string Content);
