namespace Sluice.Engine.Releases;

/// <summary>One checked file: the version found (null when none), the version expected in the file's own spelling, and a note.</summary>
internal sealed record VerifyFile(string Path, string? Found, string Expected, bool Ok, string? Note);
