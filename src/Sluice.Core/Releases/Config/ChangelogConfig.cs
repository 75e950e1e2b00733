namespace Sluice.Core.Releases.Config;

/// <summary>
/// <c>changelog:</c> — a path, <c>false</c>, or a mapping. URL templates default to the GitHub form when the
/// repository is on GitHub (from the API or the <c>origin</c> remote); elsewhere, links are omitted unless set.
/// </summary>
/// <param name="CompareUrl">Template with <c>{previous}</c> and <c>{tag}</c>.</param>
/// <param name="CommitUrl">Template with <c>{sha}</c>.</param>
internal sealed record ChangelogConfig(bool Enabled, string File, string? CompareUrl, string? CommitUrl)
{
    public static ChangelogConfig Default { get; } = new(true, "CHANGELOG.md", null, null);
}
