namespace Sluice.Core.Releases.Versioning;

/// <summary>
/// Tag names such as <c>v{version}</c> or <c>{name}-v{version}</c>. <c>{name}</c> is the package name in a monorepo;
/// <c>{version}</c> must appear exactly once. A tag matches when the text around <c>{version}</c> is equal and the
/// middle is a semantic version.
/// </summary>
internal sealed class TagTemplate
{
    private const string VersionToken = "{version}";
    private readonly string prefix;
    private readonly string suffix;

    private TagTemplate(string template, string prefix, string suffix)
    {
        Template = template;
        this.prefix = prefix;
        this.suffix = suffix;
    }

    public string Template { get; }

    public static bool TryCreate(string template, string? packageName, out TagTemplate? result, out string? error)
    {
        ArgumentNullException.ThrowIfNull(template);
        result = null;
        error = null;
        var first = template.IndexOf(VersionToken, StringComparison.Ordinal);
        if (first < 0 || template.IndexOf(VersionToken, first + 1, StringComparison.Ordinal) >= 0)
        {
            error = $"tag template `{template}` must contain `{VersionToken}` exactly once";
            return false;
        }

        if (template.Contains("{name}", StringComparison.Ordinal) && packageName is null)
        {
            error = $"tag template `{template}` uses `{{name}}`, which only packages have";
            return false;
        }

        var expanded = packageName is null ? template : template.Replace("{name}", packageName, StringComparison.Ordinal);
        var at = expanded.IndexOf(VersionToken, StringComparison.Ordinal);
        result = new TagTemplate(template, expanded[..at], expanded[(at + VersionToken.Length)..]);
        return true;
    }

    public static TagTemplate Create(string template, string? packageName = null) =>
        TryCreate(template, packageName, out var t, out var error) ? t! : throw new FormatException(error);

    public string Format(SemVersion version) => prefix + version + suffix;

    public SemVersion? Match(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        if (tag.Length <= prefix.Length + suffix.Length
            || !tag.StartsWith(prefix, StringComparison.Ordinal)
            || !tag.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        return SemVersion.TryParse(tag[prefix.Length..^suffix.Length], out var v) ? v : null;
    }

    public override string ToString() => Template;
}
